import { describe, expect, it } from "vitest";

import type { SecurityRuleInfo } from "../../src/domain/ports/network-access.port.js";
import { internetVerdict } from "../../src/ops/scan/internet-exposure.js";
import { securityRule } from "../support/rule-fixture.js";

const VM_IPS = ["10.0.1.4"];

const rule = ({
  name,
  priority,
  ...overrides
}: Partial<SecurityRuleInfo> & Pick<SecurityRuleInfo, "name" | "priority">): SecurityRuleInfo =>
  securityRule(name, priority, overrides);

describe("internetVerdict", () => {
  it("closes a port no rule opens (Azure's DenyAllInBound)", () => {
    expect(internetVerdict([], 22, "Tcp", VM_IPS)).toEqual({ open: false });
  });

  it.each(["*", "Internet", "Any", "0.0.0.0/0", "::/0", "internet"])("opens a port allowed from %s", (source) => {
    expect(
      internetVerdict([rule({ name: "ssh", priority: 300, sourceAddressPrefixes: [source] })], 22, "Tcp", VM_IPS),
    ).toEqual({
      open: true,
      rule: { name: "ssh", priority: 300 },
    });
  });

  it("ignores allows from specific sources: ajar's own grants and office ranges are not exposure", () => {
    const rules = [
      rule({ name: "ajar-g-abcdefghij-22", priority: 100, sourceAddressPrefixes: ["203.0.113.7"] }),
      rule({ name: "office", priority: 110, sourceAddressPrefixes: ["198.51.100.0/24"] }),
    ];
    expect(internetVerdict(rules, 22, "Tcp", VM_IPS).open).toBe(false);
  });

  it("lets the higher-priority (lower number) rule decide", () => {
    const deny = rule({ name: "deny-ssh", priority: 100, access: "Deny", destinationAddressPrefixes: ["10.0.1.4"] });
    const allow = rule({ name: "allow-ssh", priority: 200 });
    expect(internetVerdict([allow, deny], 22, "Tcp", VM_IPS)).toEqual({
      open: false,
      rule: { name: "deny-ssh", priority: 100 },
    });
    expect(internetVerdict([{ ...allow, priority: 90 }, deny], 22, "Tcp", VM_IPS).open).toBe(true);
  });

  it("counts a deny only when it certainly covers the VM, an allow whenever it may", () => {
    const otherSubnetDeny = rule({
      name: "deny-other",
      priority: 100,
      access: "Deny",
      destinationAddressPrefixes: ["10.0.2.0/24"],
    });
    const asgAllow = rule({ name: "asg", priority: 200, destinationAddressPrefixes: [] });
    expect(internetVerdict([otherSubnetDeny, asgAllow], 22, "Tcp", VM_IPS).open).toBe(true);
    const vnetDeny = { ...otherSubnetDeny, destinationAddressPrefixes: ["VirtualNetwork"] };
    expect(internetVerdict([vnetDeny, asgAllow], 22, "Tcp", VM_IPS).open).toBe(false);
  });

  it("matches port ranges, protocols and directions", () => {
    const range = rule({ name: "mgmt", priority: 100, destinationPortRanges: ["3380-3390", "5985-5986"] });
    expect(internetVerdict([range], 3389, "Tcp", VM_IPS).open).toBe(true);
    expect(internetVerdict([range], 5986, "Tcp", VM_IPS).open).toBe(true);
    expect(internetVerdict([range], 22, "Tcp", VM_IPS).open).toBe(false);
    expect(internetVerdict([rule({ name: "udp", priority: 100, protocol: "Udp" })], 22, "Tcp", VM_IPS).open).toBe(
      false,
    );
    expect(internetVerdict([rule({ name: "any", priority: 100, protocol: "*" })], 22, "Tcp", VM_IPS).open).toBe(true);
    expect(internetVerdict([rule({ name: "out", priority: 100, direction: "Outbound" })], 22, "Tcp", VM_IPS).open).toBe(
      false,
    );
    expect(
      internetVerdict(
        [rule({ name: "elsewhere", priority: 100, destinationAddressPrefixes: ["10.0.2.5"] })],
        22,
        "Tcp",
        VM_IPS,
      ).open,
    ).toBe(false);
  });
});
