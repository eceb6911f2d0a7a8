import { describe, expect, it } from "vitest";

import { clientAddress } from "../../../src/domain/net/client-address.js";

describe("clientAddress", () => {
  it("uses the peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress("203.0.113.7", "198.51.100.1", [])).toBe("203.0.113.7/32");
    expect(clientAddress("::ffff:203.0.113.7", undefined, [])).toBe("203.0.113.7/32");
    expect(clientAddress("2001:db8::7", "198.51.100.1", [])).toBe("2001:db8::7/128");
  });

  it("reads X-Forwarded-For from the right, through trusted hops only", () => {
    const trusted = ["10.0.0.0/8", "127.0.0.1"];
    expect(clientAddress("127.0.0.1", "203.0.113.7", trusted)).toBe("203.0.113.7/32");
    // The client forged a leftmost entry; the proxy appended the real peer.
    expect(clientAddress("10.0.0.5", "1.2.3.4, 203.0.113.7, 10.0.0.9", trusted)).toBe("203.0.113.7/32");
    expect(clientAddress("10.0.0.5", ["1.2.3.4", "2001:db8::9"], trusted)).toBe("2001:db8::9/128");
    expect(clientAddress("::ffff:127.0.0.1", "[2001:db8::9]", trusted)).toBe("2001:db8::9/128");
  });

  it("stops at a malformed hop instead of believing what lies beyond it", () => {
    expect(clientAddress("127.0.0.1", "203.0.113.7, garbage", ["127.0.0.1"])).toBe("127.0.0.1/32");
    expect(clientAddress("127.0.0.1", "", ["127.0.0.1"])).toBe("127.0.0.1/32");
  });

  it("has no answer without a usable peer", () => {
    expect(clientAddress(undefined, "203.0.113.7", ["127.0.0.1"])).toBeUndefined();
    expect(clientAddress("not-an-ip", undefined, [])).toBeUndefined();
  });
});
