import { describe, expect, it } from "vitest";

import { checkPath, type PathProbe } from "../../../src/domain/path/check-path.js";
import type { EffectiveNsg, EffectiveRule } from "../../../src/domain/ports/network-access.port.js";

const NSG = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups";

function rule(
  name: string,
  priority: number,
  access: "Allow" | "Deny",
  overrides: Partial<EffectiveRule> = {},
): EffectiveRule {
  return {
    name: `securityRules/${name}`,
    priority,
    access,
    direction: "Inbound",
    protocol: "Tcp",
    sourcePrefixes: ["0.0.0.0/0"],
    destinationPrefixes: ["0.0.0.0/0"],
    sourcePortRanges: ["0-65535"],
    destinationPortRanges: ["22-22"],
    ...overrides,
  };
}

const defaults: EffectiveRule[] = [
  rule("AllowVnetInBound", 65000, "Allow", {
    name: "defaultSecurityRules/AllowVnetInBound",
    protocol: "All",
    sourcePrefixes: ["10.0.0.0/16"],
    destinationPrefixes: ["10.0.0.0/16"],
    destinationPortRanges: ["0-65535"],
  }),
  rule("DenyAllInBound", 65500, "Deny", {
    name: "defaultSecurityRules/DenyAllInBound",
    protocol: "All",
    destinationPortRanges: ["0-65535"],
  }),
];

const nsg = (name: string, appliesTo: EffectiveNsg["appliesTo"], rules: EffectiveRule[]): EffectiveNsg => ({
  nsgId: `${NSG}/${name}`,
  appliesTo,
  rules: [...rules, ...defaults],
});

const probe: PathProbe = { source: "203.0.113.7/32", destinations: ["10.0.1.4"], port: 22, protocol: "Tcp" };
const grantRule = rule("ajar-g-1-22", 990, "Allow", {
  sourcePrefixes: ["203.0.113.7/32"],
  destinationPrefixes: ["10.0.1.4/32"],
});

describe("checkPath", () => {
  it("is open when every NSG on the path lets the source in", () => {
    expect(checkPath([nsg("nic", "nic", [grantRule]), nsg("subnet", "subnet", [grantRule])], probe)).toEqual({
      open: true,
    });
  });

  it("names the rule that blocks in the NSG that blocks", () => {
    const verdict = checkPath([nsg("nsg-nic", "nic", [grantRule]), nsg("nsg-subnet", "subnet", [])], probe);
    expect(verdict).toEqual({
      open: false,
      blockedBy: { rule: "DenyAllInBound", priority: 65500, nsg: "nsg-subnet", nsgId: `${NSG}/nsg-subnet` },
    });
  });

  it("lets a higher-priority deny win over the grant's allow", () => {
    const deny = rule("Deny-SSH-From-Partners", 500, "Deny", { sourcePrefixes: ["203.0.113.0/24"] });
    const verdict = checkPath([nsg("nsg-nic", "nic", [grantRule, deny])], probe);
    expect(verdict).toMatchObject({ open: false, blockedBy: { rule: "Deny-SSH-From-Partners", priority: 500 } });
  });

  it("ignores rules for other ports, protocols, destinations or directions", () => {
    const other = [
      rule("other-port", 100, "Deny", { destinationPortRanges: ["3389-3389"] }),
      rule("udp", 101, "Deny", { protocol: "Udp" }),
      rule("other-vm", 102, "Deny", { destinationPrefixes: ["10.0.1.5/32"] }),
      rule("out", 103, "Deny", { direction: "Outbound" }),
    ];
    expect(checkPath([nsg("n", "nic", [...other, grantRule])], probe)).toEqual({ open: true });
  });

  it("credits an allow only when it covers the whole source block and every source port", () => {
    const partial = rule("narrow", 100, "Allow", { sourcePrefixes: ["203.0.113.0/28"] });
    const ports = rule("ports", 101, "Allow", { sourcePrefixes: ["203.0.113.0/24"], sourcePortRanges: ["1024-65535"] });
    const verdict = checkPath([nsg("n", "nic", [partial, ports])], { ...probe, source: "203.0.113.0/24" });
    expect(verdict).toMatchObject({ open: false, blockedBy: { rule: "DenyAllInBound" } });
  });

  it("treats 0.0.0.0/0 as any family, so an IPv6 source is blocked by a deny-all too", () => {
    const allow6 = rule("v6", 990, "Allow", {
      sourcePrefixes: ["2001:db8::7/128"],
      destinationPrefixes: ["0.0.0.0/0"],
    });
    expect(checkPath([nsg("n", "nic", [allow6])], { ...probe, source: "2001:db8::7/128" })).toEqual({ open: true });
    expect(checkPath([nsg("n", "nic", [])], { ...probe, source: "2001:db8::7/128" })).toMatchObject({
      open: false,
      blockedBy: { rule: "DenyAllInBound" },
    });
  });

  it("checks network-manager admin rules first", () => {
    const admin: EffectiveNsg = { appliesTo: "network-manager", rules: [rule("block-mgmt", 10, "Deny")] };
    expect(checkPath([nsg("n", "nic", [grantRule]), admin], probe)).toEqual({
      open: false,
      blockedBy: { rule: "block-mgmt", priority: 10, nsg: "network manager" },
    });
  });

  it("is open when no NSG filters the path at all", () => {
    expect(checkPath([], probe)).toEqual({ open: true });
  });
});
