import { describe, expect, it } from "vitest";

import { formatIpAddress, isIpv4Mapped, parseIpAddress } from "../../../src/domain/net/ip-address.js";

describe("parseIpAddress", () => {
  it("reads both families into bigint values", () => {
    expect(parseIpAddress("1.2.3.4")).toEqual({ ok: true, address: { version: 4, value: 0x01020304n } });
    expect(parseIpAddress("::1")).toEqual({ ok: true, address: { version: 6, value: 1n } });
    expect(parseIpAddress("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).toEqual({
      ok: true,
      address: { version: 6, value: (1n << 128n) - 1n },
    });
  });

  it("explains failures without throwing", () => {
    expect(parseIpAddress("1.2.3.999")).toEqual({ ok: false, why: "octet 999 is above 255" });
  });

  it("recognises IPv4-mapped IPv6", () => {
    const mapped = parseIpAddress("::ffff:1.2.3.4");
    const compatible = parseIpAddress("::1.2.3.4");
    expect(mapped.ok && isIpv4Mapped(mapped.address)).toBe(true);
    expect(compatible.ok && isIpv4Mapped(compatible.address)).toBe(false);
  });

  it("formats canonically", () => {
    expect(formatIpAddress({ version: 4, value: 0xcb007107n })).toBe("203.0.113.7");
    expect(formatIpAddress({ version: 6, value: 0x20010db8000000000000000000000001n })).toBe("2001:db8::1");
    expect(formatIpAddress({ version: 6, value: 0n })).toBe("::");
    // A single zero group is never compressed (RFC 5952 §4.2.2).
    expect(formatIpAddress({ version: 6, value: 0x20010db8000000010001000100010001n })).toBe("2001:db8:0:1:1:1:1:1");
  });
});
