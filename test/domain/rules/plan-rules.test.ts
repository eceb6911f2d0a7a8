import { describe, expect, it } from "vitest";
import type { SecurityRuleInfo } from "../../../src/domain/ports/network-access.port.js";
import { securityRule } from "../../support/rule-fixture.js";
import { planAllowRule } from "../../../src/domain/rules/plan-allow-rule.js";
import { planLockdownRule } from "../../../src/domain/rules/plan-lockdown-rule.js";
import { allowRuleDescription, allowRuleName, parseAllowRule } from "../../../src/domain/rules/rule-naming.js";

/** Rules here default to port 443, away from the management ports being planned. */
const rule = (name: string, priority: number, overrides: Partial<SecurityRuleInfo> = {}): SecurityRuleInfo =>
  securityRule(name, priority, { destinationPortRanges: ["443"], ...overrides });

describe("planLockdownRule", () => {
  const base = { vmName: "vm-1", privateIps: ["10.0.1.4"], ports: [22, 3389], preferredPriority: 1000 };

  it("takes the preferred slot when no rule touches the ports", () => {
    const plan = planLockdownRule({ ...base, rules: [rule("Allow-HTTPS", 300)] });
    expect(plan).toMatchObject({ action: "put", rule: { priority: 1000, access: "Deny", destinationPortRanges: ["22", "3389"], destinationAddressPrefixes: ["10.0.1.4"] } });
  });

  it("goes below existing rules for the same ports, and never reuses a taken priority", () => {
    const rules = [rule("Allow-SSH-Office", 1200, { destinationPortRanges: ["22"] }), rule("Other", 1201, { destinationPortRanges: ["80"] })];
    const plan = planLockdownRule({ ...base, rules });
    expect(plan).toMatchObject({ action: "put", rule: { priority: 1202 } });
  });

  it("ignores rules for other destinations", () => {
    const rules = [rule("Other-VM-SSH", 1200, { destinationPortRanges: ["22"], destinationAddressPrefixes: ["10.0.2.0/24"] })];
    expect(planLockdownRule({ ...base, rules })).toMatchObject({ action: "put", rule: { priority: 1000 } });
  });

  it("keeps an up-to-date lock-down rule and updates a stale one in place", () => {
    const current = rule("ajar-lockdown-vm-1", 1000, { access: "Deny", destinationPortRanges: ["22", "3389"], destinationAddressPrefixes: ["10.0.1.4"] });
    expect(planLockdownRule({ ...base, rules: [current] }).action).toBe("keep");
    const stale = { ...current, destinationPortRanges: ["22"], priority: 1500 };
    expect(planLockdownRule({ ...base, rules: [stale] })).toMatchObject({ action: "put", rule: { priority: 1500 } });
  });
});

describe("planAllowRule", () => {
  const base = {
    grantId: "g-abcdefghij",
    requester: "alice",
    port: 22,
    protocol: "Tcp" as const,
    source: "203.0.113.7/32",
    privateIps: ["10.0.1.4"],
    expiresAt: new Date("2026-11-25T12:00:00Z"),
    lockdownPriority: 1000,
  };

  it("sits just above the lock-down deny, skipping taken priorities", () => {
    const plan = planAllowRule({ ...base, rules: [rule("ajar-g-zzzzzzzzzz-p22", 999)] });
    expect(plan).toMatchObject({
      action: "put",
      rule: { priority: 998, access: "Allow", sourceAddressPrefixes: ["203.0.113.7/32"], destinationAddressPrefixes: ["10.0.1.4"], destinationPortRanges: ["22"] },
    });
  });

  it("goes above an operator deny for the same port", () => {
    const plan = planAllowRule({ ...base, rules: [rule("Deny-SSH", 500, { access: "Deny", destinationPortRanges: ["22"] })] });
    expect(plan).toMatchObject({ action: "put", rule: { priority: 499 } });
  });

  it("reuses its own rule's priority on a retry", () => {
    const plan = planAllowRule({ ...base, rules: [rule(allowRuleName(base.grantId, 22), 900)] });
    expect(plan).toMatchObject({ action: "put", rule: { priority: 900 } });
  });

  it("reports when no priority is free", () => {
    const rules = Array.from({ length: 900 }, (_, i) => rule(`r${i}`, 100 + i));
    expect(planAllowRule({ ...base, rules }).action).toBe("impossible");
  });
});

describe("rule naming", () => {
  it("round-trips grant, port and expiry through name and description", () => {
    const expires = new Date("2026-11-25T12:00:00Z");
    const parsed = parseAllowRule(allowRuleName("g-abcdefghij", 3389), allowRuleDescription("g-abcdefghij", "alice", expires));
    expect(parsed).toEqual({ grantId: "g-abcdefghij", port: 3389, expiresAt: expires });
    expect(allowRuleDescription("g-abcdefghij", "x".repeat(200), expires).length).toBeLessThanOrEqual(140);
  });

  it("does not claim rules it did not write and treats an edited description as expired", () => {
    expect(parseAllowRule("Allow-SSH", "until 2030-01-01T00:00:00Z")).toBeUndefined();
    expect(parseAllowRule("ajar-g-abcdefghij-p22", "edited by hand")?.expiresAt).toBeUndefined();
  });
});
