import { describe, expect, it } from "vitest";

import type { SecurityRuleInfo } from "../../../src/domain/ports/network-access.port.js";
import { planNsg, type NsgGrant, type NsgPlanInput, type NsgVm } from "../../../src/domain/rules/plan-nsg.js";
import { allowRuleName, lockdownRuleName } from "../../../src/domain/rules/rule-naming.js";
import { securityRule } from "../../support/rule-fixture.js";

const MGMT = [22, 3389, 5985, 5986].map((port) => ({ port, protocol: "Tcp" as const }));
const vm = (name: string, ip: string, rg = "rg-prod"): NsgVm => ({
  id: `/subscriptions/s/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`,
  name,
  privateIps: [ip],
  ports: MGMT,
});
const VM1 = vm("vm-prod-1", "10.0.1.4");
const grant = (id: string, source = "203.0.113.7/32", overrides: Partial<NsgGrant> = {}): NsgGrant => ({
  grantId: id,
  requester: "alice",
  port: 22,
  protocol: "Tcp",
  source,
  privateIps: VM1.privateIps,
  ruleEnd: new Date("2026-12-01T10:00:00Z"),
  ...overrides,
});
const plan = (input: Partial<NsgPlanInput>) =>
  planNsg({ rules: [], vms: [VM1], vmsComplete: true, grants: [], lockdownPriority: 1000, ...input });
const catchAll = securityRule("Deny-Mgmt-Any", 4096, {
  access: "Deny",
  protocol: "*",
  destinationPortRanges: ["22", "3389", "5985-5986"],
});
const asRead = (specs: ReturnType<typeof plan>["desired"]): SecurityRuleInfo[] =>
  specs.map((s) => ({ ...s, sourcePortRanges: ["*"] }));

describe("planNsg: lock-down", () => {
  it("writes the deny at the preferred priority in an NSG with no rule for the ports", () => {
    const p = plan({});
    expect(p.desired).toEqual([
      expect.objectContaining({
        name: lockdownRuleName(VM1),
        access: "Deny",
        priority: 1000,
        destinationPortRanges: ["22", "3389", "5985", "5986"],
        sourceAddressPrefixes: ["*"],
      }),
    ]);
    expect(p.lockdowns).toEqual([expect.objectContaining({ state: "ajar", priority: 1000 })]);
  });

  it("treats an existing catch-all deny at 4096 as the lock-down: no second deny, and grants go above it", () => {
    const p = plan({ rules: [catchAll], grants: [grant("g-aaaaaaaaaa")] });
    expect(p.lockdowns).toEqual([
      expect.objectContaining({ state: "existing-deny", rule: "Deny-Mgmt-Any", priority: 4096 }),
    ]);
    expect(p.desired.filter((r) => r.access === "Deny")).toEqual([]);
    expect(p.desired).toEqual([
      expect.objectContaining({ name: allowRuleName("g-aaaaaaaaaa", 22), priority: 4095, access: "Allow" }),
    ]);
    expect(p.refused).toEqual([]);
  });

  it("still writes its own deny for ports the existing deny does not cover", () => {
    const sshOnly = securityRule("Deny-SSH-Any", 4096, { access: "Deny" });
    const p = plan({ rules: [sshOnly] });
    expect(p.desired[0]).toMatchObject({ destinationPortRanges: ["3389", "5985", "5986"], priority: 1000 });
  });

  it("places the deny below operator rules for the same ports and never moves them", () => {
    const office = securityRule("Allow-SSH-Office", 1200, { sourceAddressPrefixes: ["198.51.100.0/24"] });
    const p = plan({ rules: [office] });
    expect(p.desired[0]).toMatchObject({ priority: 1201 });
    expect(p.puts.map((r) => r.name)).not.toContain("Allow-SSH-Office");
    expect(p.deletes).toEqual([]);
  });

  it("reports an operator's allow from any source above the deny as not locked down", () => {
    const open = securityRule("Allow-SSH-Any", 300);
    const p = plan({ rules: [open] });
    expect(p.exposures).toEqual([
      expect.objectContaining({ vmName: "vm-prod-1", port: 22, rule: "Allow-SSH-Any", priority: 300 }),
    ]);
  });

  it("gives two same-named VMs in different resource groups a lock-down each, stable across passes", () => {
    const a = vm("web", "10.0.1.10", "rg-a");
    const b = vm("web", "10.0.1.11", "rg-b");
    const first = plan({ vms: [a, b] });
    expect(new Set(first.desired.map((r) => r.name)).size).toBe(2);
    const second = plan({ vms: [b, a], rules: asRead(first.desired) });
    expect(second.puts).toEqual([]);
    expect(second.deletes).toEqual([]);
  });

  it("keeps lock-downs of VMs it does not know yet, and removes those of VMs no longer covered once it knows all", () => {
    const other = securityRule(lockdownRuleName(vm("vm-x", "10.0.1.9")), 1001, { access: "Deny" });
    expect(plan({ rules: [other], vmsComplete: false }).deletes).toEqual([]);
    expect(plan({ rules: [other], vmsComplete: true }).deletes.map((r) => r.name)).toEqual([other.name]);
  });

  it("reports a VM whose deny has no room instead of failing", () => {
    const office = securityRule("Allow-SSH-Office", 4096, { sourceAddressPrefixes: ["198.51.100.0/24"] });
    const p = plan({ rules: [office] });
    expect(p.lockdowns[0]).toMatchObject({ state: "impossible" });
    expect(p.desired).toEqual([]);
  });
});

describe("planNsg: allow rules", () => {
  it("refuses a grant an operator's targeted deny covers, naming the rule", () => {
    const incident = securityRule("Deny-Incident", 200, { access: "Deny", sourceAddressPrefixes: ["198.51.100.0/24"] });
    const p = plan({ rules: [incident], grants: [grant("g-aaaaaaaaaa", "198.51.100.7/32")] });
    expect(p.refused).toEqual([
      { grantId: "g-aaaaaaaaaa", reason: expect.stringContaining("Deny-Incident (priority 200)") },
    ]);
    expect(p.desired.some((r) => r.access === "Allow")).toBe(false);
  });

  it("ignores a targeted deny that does not include the source", () => {
    const incident = securityRule("Deny-Incident", 200, { access: "Deny", sourceAddressPrefixes: ["198.51.100.0/24"] });
    expect(plan({ rules: [incident], grants: [grant("g-aaaaaaaaaa")] }).refused).toEqual([]);
  });

  it("places concurrent grants in free slots just above the deny, and keeps a placed rule's priority", () => {
    const p = plan({ grants: [grant("g-aaaaaaaaaa"), grant("g-bbbbbbbbbb", "203.0.113.8/32")] });
    expect(
      p.desired
        .filter((r) => r.access === "Allow")
        .map((r) => r.priority)
        .sort(),
    ).toEqual([998, 999]);
    const again = plan({
      rules: asRead(p.desired),
      grants: [grant("g-bbbbbbbbbb", "203.0.113.8/32"), grant("g-cccccccccc", "203.0.113.9/32")],
    });
    expect(again.puts.map((r) => r.name)).toEqual([allowRuleName("g-cccccccccc", 22)]);
    expect(again.deletes.map((r) => r.name)).toEqual([allowRuleName("g-aaaaaaaaaa", 22)]);
  });

  it("goes above every deny from any source, including an operator's above ajar's lock-down", () => {
    const deny = securityRule("Deny-All-Mgmt", 500, { access: "Deny", protocol: "*" });
    const p = plan({ rules: [deny], grants: [grant("g-aaaaaaaaaa")] });
    expect(p.desired.find((r) => r.access === "Allow")?.priority).toBe(499);
  });

  it("refuses a new grant in an NSG at ARM's rule limit, but keeps one already there", () => {
    const many = Array.from({ length: 998 }, (_, i) =>
      securityRule(`r${i}`, 1100 + i, { destinationPortRanges: ["8080"] }),
    );
    const p = plan({ rules: many, grants: [grant("g-aaaaaaaaaa")], maxRules: 1000 });
    expect(p.desired.some((r) => r.access === "Allow")).toBe(true);
    const full = plan({
      rules: [...many, ...asRead(p.desired)],
      grants: [grant("g-aaaaaaaaaa"), grant("g-bbbbbbbbbb", "203.0.113.8/32")],
      maxRules: 1000,
    });
    expect(full.refused).toEqual([{ grantId: "g-bbbbbbbbbb", reason: expect.stringContaining("at most 1000") }]);
    expect(full.deletes).toEqual([]);
  });

  it("removes rules of grants that no longer want them and leaves everyone else's alone", () => {
    const office = securityRule("Allow-SSH-Office", 1200, { sourceAddressPrefixes: ["198.51.100.0/24"] });
    const withGrant = plan({ rules: [office], grants: [grant("g-aaaaaaaaaa")] });
    const after = plan({ rules: [office, ...asRead(withGrant.desired)] });
    expect(after.deletes.map((r) => r.name)).toEqual([allowRuleName("g-aaaaaaaaaa", 22)]);
    expect(after.puts).toEqual([]);
  });

  it("rewrites a rule whose end moved (extension) in place", () => {
    const first = plan({ grants: [grant("g-aaaaaaaaaa")] });
    const later = plan({
      rules: asRead(first.desired),
      grants: [grant("g-aaaaaaaaaa", undefined, { ruleEnd: new Date("2026-12-01T11:00:00Z") })],
    });
    expect(later.puts).toEqual([
      expect.objectContaining({
        name: allowRuleName("g-aaaaaaaaaa", 22),
        priority: 999,
        description: expect.stringContaining("11:00:00Z"),
      }),
    ]);
  });
});
