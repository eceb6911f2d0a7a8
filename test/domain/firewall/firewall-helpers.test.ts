import { describe, expect, it } from "vitest";

import { connectHint } from "../../../src/domain/firewall/connect-hint.js";
import { findDnatExposures } from "../../../src/domain/firewall/dnat-exposure.js";
import { dnatRuleDescription, dnatRuleName, grantIdOfDnatRule } from "../../../src/domain/firewall/dnat-naming.js";
import { parsePortRange } from "../../../src/domain/firewall/port-range.js";
import type { FirewallDnatRule } from "../../../src/domain/ports/firewall-access.port.js";

describe("parsePortRange", () => {
  it.each([
    ["50000-50999", { from: 50000, to: 50999 }],
    [" 50000 - 50001 ", { from: 50000, to: 50001 }],
    ["50022", { from: 50022, to: 50022 }],
  ])("reads %s", (text, expected) => expect(parsePortRange(text)).toEqual(expected));

  it.each(["0-10", "50999-50000", "50000-70000", "a-b", "", "50000-"])(
    "refuses %j with an example of the right form",
    (text) => {
      expect(() => parsePortRange(text)).toThrow(/such as 50000-50999/);
    },
  );
});

describe("DNAT rule names and descriptions", () => {
  it("round-trips the grant id and states the end", () => {
    const end = new Date("2026-12-01T10:00:00.000Z");
    expect(grantIdOfDnatRule(dnatRuleName("g-abcdefghij"))).toBe("g-abcdefghij");
    expect(grantIdOfDnatRule("web-publish")).toBeUndefined();
    expect(dnatRuleDescription("g-abcdefghij", "Alice <x>", end)).toBe(
      "ajar JIT g-abcdefghij until 2026-12-01T10:00:00Z for Alicex",
    );
  });
});

describe("findDnatExposures", () => {
  const rule = (over: Partial<FirewallDnatRule>): FirewallDnatRule => ({
    collection: "ops",
    name: "r",
    sourceAddresses: ["*"],
    sourceIpGroups: [],
    destinationAddresses: ["20.1.2.3"],
    destinationPorts: ["2222"],
    protocols: ["TCP"],
    translatedAddress: "10.0.1.4",
    translatedPort: "22",
    ...over,
  });
  const vms = [{ name: "vm-prod-1", privateIps: ["10.0.1.4"] }];

  it.each([
    ["any source to SSH of a covered VM", rule({}), 1],
    ["0.0.0.0/0 to RDP", rule({ sourceAddresses: ["0.0.0.0/0"], translatedPort: "3389" }), 1],
    ["a specific source", rule({ sourceAddresses: ["203.0.113.7"] }), 0],
    ["a non-management port", rule({ translatedPort: "443" }), 0],
    ["a VM ajar does not cover", rule({ translatedAddress: "10.0.1.99" }), 0],
    ["an FQDN translation", rule({ translatedAddress: undefined, translatedFqdn: "x.example" }), 0],
  ])("%s", (_what, r, count) => {
    expect(findDnatExposures([r], vms, [22, 3389, 5985, 5986])).toHaveLength(count);
  });
});

describe("connectHint", () => {
  it.each([
    ["ssh", "ssh -p 50022 user@20.1.2.3"],
    ["rdp", "mstsc /v:20.1.2.3:50022"],
    ["winrm", "Enter-PSSession -ComputerName 20.1.2.3 -Port 50022"],
    ["postgres", "20.1.2.3:50022"],
  ])("%s", (label, expected) => expect(connectHint(label, "20.1.2.3", 50022)).toBe(expected));
});
