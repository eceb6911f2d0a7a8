import type { SecurityRuleInfo, SecurityRuleSpec } from "../ports/network-access.port.js";
import { inboundPriorities, overlappingForeignRules } from "./rule-overlap.js";
import { lockdownRuleDescription, lockdownRuleName } from "./rule-naming.js";

export const MIN_PRIORITY = 100;
export const MAX_PRIORITY = 4096;

export interface LockdownInput {
  vmName: string;
  privateIps: string[];
  ports: number[];
  rules: SecurityRuleInfo[];
  /** Where the deny goes when no other rule touches these ports; the numbers below it stay free for grants. */
  preferredPriority: number;
}

export type LockdownPlan =
  | { action: "keep"; rule: SecurityRuleInfo }
  | { action: "put"; rule: SecurityRuleSpec; replacing?: SecurityRuleInfo }
  | { action: "impossible"; reason: string };

const sameSet = (a: string[], b: string[]): boolean =>
  a.length === b.length && [...a].sort().join(",") === [...b].sort().join(",");

/**
 * Defender for Cloud's placement: rules the operator already has for these ports keep priority over
 * the new deny; without any, the deny goes to the preferred (top) slot. An existing lock-down rule
 * is updated in place, never renumbered, so grants planned against it stay valid.
 */
export function planLockdownRule(input: LockdownInput): LockdownPlan {
  const name = lockdownRuleName(input.vmName);
  const ports = [...new Set(input.ports)].sort((a, b) => a - b).map(String);
  const destinations = [...input.privateIps];
  const existing = input.rules.find((r) => r.name === name);

  if (existing) {
    const upToDate =
      existing.access === "Deny" &&
      existing.direction === "Inbound" &&
      sameSet(existing.destinationPortRanges, ports) &&
      sameSet(existing.destinationAddressPrefixes, destinations);
    if (upToDate) return { action: "keep", rule: existing };
    return { action: "put", rule: spec(name, existing.priority, ports, destinations, input.vmName), replacing: existing };
  }

  const taken = inboundPriorities(input.rules);
  const foreign = overlappingForeignRules(input.rules, input.ports, input.privateIps);
  const floor = foreign.length > 0 ? Math.max(...foreign.map((r) => r.priority)) + 1 : input.preferredPriority;
  const priority = firstFree(taken, Math.max(floor, MIN_PRIORITY + 1), MAX_PRIORITY);
  if (priority === undefined) {
    return {
      action: "impossible",
      reason: `no free inbound priority between ${floor} and ${MAX_PRIORITY} for the lock-down rule of ${input.vmName}`,
    };
  }
  return { action: "put", rule: spec(name, priority, ports, destinations, input.vmName) };
}

function firstFree(taken: Set<number>, from: number, to: number): number | undefined {
  for (let p = from; p <= to; p++) if (!taken.has(p)) return p;
  return undefined;
}

function spec(name: string, priority: number, ports: string[], destinations: string[], vmName: string): SecurityRuleSpec {
  return {
    name,
    priority,
    direction: "Inbound",
    access: "Deny",
    protocol: "*",
    sourceAddressPrefixes: ["*"],
    destinationAddressPrefixes: destinations,
    destinationPortRanges: ports,
    description: lockdownRuleDescription(vmName),
  };
}
