import { describe, expect, it } from "vitest";

import { AjarError } from "../../../src/domain/errors.js";
import {
  formatIpPrefix,
  formatIpPrefixForArm,
  isAnySourceToken,
  isSingleAddress,
  parseIpPrefix,
  prefixContains,
  prefixesOverlap,
  samePrefix,
  tryParseIpPrefix,
} from "../../../src/domain/net/ip-prefix.js";

const canonical = (text: string): string => parseIpPrefix(text).canonical;

function messageOf(text: string): string {
  try {
    parseIpPrefix(text);
  } catch (error) {
    expect(error).toBeInstanceOf(AjarError);
    expect((error as AjarError).code).toBe("INPUT.INVALID");
    return (error as AjarError).userMessage;
  }
  throw new Error(`expected ${text} to be refused`);
}

describe("parseIpPrefix: IPv4", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7/32"],
    ["0.0.0.0", "0.0.0.0/32"],
    ["255.255.255.255", "255.255.255.255/32"],
    ["10.0.0.0/8", "10.0.0.0/8"],
    ["10.1.2.3/32", "10.1.2.3/32"],
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["192.168.1.128/25", "192.168.1.128/25"],
  ])("%s → %s", (text, expected) => {
    expect(canonical(text)).toBe(expected);
  });

  it("returns version, network and length", () => {
    expect(parseIpPrefix("10.0.0.0/24")).toEqual({
      version: 4,
      network: 0x0a000000n,
      length: 24,
      canonical: "10.0.0.0/24",
    });
  });

  it.each([
    ["256.1.1.1", "octet 256 is above 255"],
    ["1.2.3", "four numbers"],
    ["1.2.3.4.5", "four numbers"],
    ["01.2.3.4", "leading zero"],
    ["1.2.3.04", "leading zero"],
    ["1..3.4", "empty octet"],
    ["1.2.3.4/33", "0 to 32"],
    ["1.2.3.4/", "0 to 32"],
    ["1.2.3.4/08", "0 to 32"],
    ["1.2.3.4/-1", "0 to 32"],
    ["1.2.3.4/1/2", "0 to 32"],
    ["0x7f.0.0.1", "neither"],
    ["1.2.3.4 ", "whitespace"],
    [" 1.2.3.4", "whitespace"],
    ["1.2.3.4\t", "whitespace"],
    ["", "empty"],
    ["10.0.0.1-10.0.0.9", "ranges are not supported"],
    ["10.0.0.1,10.0.0.2", "one address or block"],
    ["localhost", "neither"],
    ["vm-prod-1", "neither"],
  ])("refuses %j (%s)", (text, fragment) => {
    const message = messageOf(text);
    expect(message).toContain(fragment);
    // Every refusal shows the forms that would work.
    expect(message).toMatch(/203\.0\.113\.7/);
  });

  it("refuses host bits and suggests the network form", () => {
    expect(messageOf("10.0.0.5/24")).toBe(
      "10.0.0.5/24 has host bits set; did you mean 10.0.0.0/24? For a single machine, give just the address (10.0.0.5).",
    );
    expect(messageOf("192.168.1.200/25")).toContain("did you mean 192.168.1.128/25?");
  });
});

describe("parseIpPrefix: IPv6", () => {
  it.each([
    ["2001:db8::7", "2001:db8::7/128"],
    ["2001:0DB8:0000:0000:0000:0000:0000:0007", "2001:db8::7/128"],
    ["::", "::/128"],
    ["::1", "::1/128"],
    ["1::", "1::/128"],
    ["2001:db8::/32", "2001:db8::/32"],
    ["::/0", "::/0"],
    ["1:0:0:1:0:0:0:1", "1:0:0:1::1/128"],
    ["1:0:0:2:0:0:3:4", "1::2:0:0:3:4/128"],
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1/128"],
    ["fe80::1:2", "fe80::1:2/128"],
    ["1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0/128"],
    ["::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8/128"],
    ["64:ff9b::192.0.2.33", "64:ff9b::c000:221/128"],
    ["2001:db8:1:2:3:4:1.2.3.4", "2001:db8:1:2:3:4:102:304/128"],
  ])("%s → %s", (text, expected) => {
    expect(canonical(text)).toBe(expected);
  });

  it("compresses the longest zero run, the first one on a tie", () => {
    expect(canonical("1:0:0:2:0:0:0:3")).toBe("1:0:0:2::3/128");
    expect(canonical("1:0:0:2:0:0:3:4")).toBe("1::2:0:0:3:4/128");
  });

  it("turns IPv4-mapped addresses and blocks into IPv4", () => {
    expect(parseIpPrefix("::ffff:203.0.113.7")).toMatchObject({ version: 4, canonical: "203.0.113.7/32" });
    expect(canonical("::ffff:cb00:7107")).toBe("203.0.113.7/32");
    expect(canonical("::FFFF:10.0.0.0/104")).toBe("10.0.0.0/8");
    expect(canonical("::ffff:0.0.0.0/96")).toBe("0.0.0.0/0");
  });

  it("keeps blocks wider than the mapped range as IPv6", () => {
    expect(parseIpPrefix("::fffe:0:0/95")).toMatchObject({ version: 6, canonical: "::fffe:0:0/95" });
    expect(parseIpPrefix("::ffff:0:0")).toMatchObject({ version: 4, canonical: "0.0.0.0/32" });
  });

  it.each([
    ["fe80::1%eth0", "zone id"],
    ["fe80::1%25eth0", "zone id"],
    ["[::1]", "square brackets"],
    ["1::2::3", "only once"],
    [":::1", "stray colon"],
    [":1::2", "stray colon"],
    ["1:2:3:4:5:6:7", "eight groups"],
    ["1:2:3:4:5:6:7:8:9", "eight groups"],
    ["1:2:3:4::5:6:7:8", "too many groups"],
    ["12345::", "1 to 4 hex digits"],
    ["g::1", "1 to 4 hex digits"],
    ["::1.2.3.256", "embedded IPv4"],
    ["1.2.3.4::", "1 to 4 hex digits"],
    ["::1.2.3.4:5", "1 to 4 hex digits"],
    ["::/129", "0 to 128"],
    ["2001:db8::1/64", "host bits"],
  ])("refuses %j (%s)", (text, fragment) => {
    expect(messageOf(text)).toContain(fragment);
  });

  it("suggests the IPv6 network form for host bits", () => {
    expect(messageOf("2001:db8::1/64")).toContain("did you mean 2001:db8::/64?");
  });
});

describe("formatting", () => {
  it("formats the ARM form without /32 or /128 for single addresses", () => {
    expect(formatIpPrefixForArm(parseIpPrefix("10.1.2.3"))).toBe("10.1.2.3");
    expect(formatIpPrefixForArm(parseIpPrefix("10.1.2.0/24"))).toBe("10.1.2.0/24");
    expect(formatIpPrefixForArm(parseIpPrefix("2001:db8::7"))).toBe("2001:db8::7");
    expect(formatIpPrefixForArm(parseIpPrefix("2001:db8::/48"))).toBe("2001:db8::/48");
  });

  it("round-trips canonical text", () => {
    for (const text of ["10.1.2.3/32", "0.0.0.0/0", "2001:db8::/32", "::/0", "::1/128"]) {
      expect(formatIpPrefix(parseIpPrefix(text))).toBe(text);
    }
  });

  it("compares the ARM form and the CIDR form as the same prefix", () => {
    expect(samePrefix(parseIpPrefix("10.1.2.3"), parseIpPrefix("10.1.2.3/32"))).toBe(true);
    expect(samePrefix(parseIpPrefix("10.1.2.3"), parseIpPrefix("10.1.2.4"))).toBe(false);
    expect(isSingleAddress(parseIpPrefix("10.1.2.3"))).toBe(true);
    expect(isSingleAddress(parseIpPrefix("10.1.2.0/31"))).toBe(false);
  });

  it("tryParseIpPrefix answers undefined instead of throwing", () => {
    expect(tryParseIpPrefix("nope")).toBeUndefined();
    expect(tryParseIpPrefix("10.0.0.0/8")?.length).toBe(8);
  });
});

describe("containment and overlap", () => {
  const p = parseIpPrefix;

  it("contains nested blocks and single addresses", () => {
    expect(prefixContains(p("10.0.0.0/8"), p("10.1.2.3"))).toBe(true);
    expect(prefixContains(p("10.0.0.0/8"), p("10.0.0.0/8"))).toBe(true);
    expect(prefixContains(p("10.0.0.0/8"), p("10.255.0.0/16"))).toBe(true);
    expect(prefixContains(p("0.0.0.0/0"), p("203.0.113.7"))).toBe(true);
    expect(prefixContains(p("2001:db8::/32"), p("2001:db8:ffff::1"))).toBe(true);
  });

  it("does not contain wider, disjoint or other-family blocks", () => {
    expect(prefixContains(p("10.1.0.0/16"), p("10.0.0.0/8"))).toBe(false);
    expect(prefixContains(p("10.0.0.0/8"), p("11.0.0.1"))).toBe(false);
    expect(prefixContains(p("0.0.0.0/0"), p("::1"))).toBe(false);
    expect(prefixContains(p("::/0"), p("10.0.0.1"))).toBe(false);
    expect(prefixContains(p("2001:db8::/32"), p("2001:db9::1"))).toBe(false);
  });

  it("overlaps in either direction of containment only", () => {
    expect(prefixesOverlap(p("10.0.0.0/8"), p("10.1.0.0/16"))).toBe(true);
    expect(prefixesOverlap(p("10.1.0.0/16"), p("10.0.0.0/8"))).toBe(true);
    expect(prefixesOverlap(p("10.1.0.0/16"), p("10.2.0.0/16"))).toBe(false);
    expect(prefixesOverlap(p("10.0.0.0/8"), p("::/0"))).toBe(false);
    expect(prefixesOverlap(p("192.168.1.0/25"), p("192.168.1.128/25"))).toBe(false);
  });

  it("compares an IPv4-mapped address with an IPv4 block", () => {
    expect(prefixContains(p("203.0.113.0/24"), p("::ffff:203.0.113.7"))).toBe(true);
  });
});

describe("isAnySourceToken", () => {
  it.each([
    "*",
    "Any",
    "ANY",
    "any",
    "Internet",
    "internet",
    "0.0.0.0/0",
    "::/0",
    "0::/0",
    "::ffff:0.0.0.0/96",
    "0:0:0:0:0:0:0:0/0",
  ])("%s means any source", (text) => {
    expect(isAnySourceToken(text)).toBe(true);
  });

  it.each(["0.0.0.0", "0.0.0.0/1", "::", "10.0.0.0/8", "VirtualNetwork", "anywhere", "", " *"])(
    "%j is not an any-source token",
    (text) => {
      expect(isAnySourceToken(text)).toBe(false);
    },
  );
});
