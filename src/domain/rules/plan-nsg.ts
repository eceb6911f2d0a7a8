import type { RuleProtocol, SecurityRuleInfo, SecurityRuleSpec } from "../ports/network-access.port.js";
import { allowRuleDescription, allowRuleName, isAjarRule, isLockdownRule, lockdownRuleDescription, lockdownRuleName } from "./rule-naming.js";
import { isFromAnySource, mayMatchTarget, sourceRelation, surelyMatchesTarget } from "./rule-match.js";
import { sameRule, toSpec } from "./same-rule.js";

export const MIN_PRIORITY = 100;
export const MAX_PRIORITY = 4096;
/** ARM refuses more custom rules than this in one NSG. */
export const MAX_RULES_PER_NSG = 1000;

/** A VM a policy covers, behind this NSG: it gets a lock-down rule for its policy ports. */
export interface NsgVm {
  id: string;
  name: string;
  privateIps: string[];
  ports: { port: number; protocol: RuleProtocol }[];
}

/** A grant that wants its allow rule in this NSG now (approved, started, not past its end, not revoked). */
export interface NsgGrant {
  grantId: string;
  requester: string;
  port: number;
  protocol: RuleProtocol;
  source: string;
  privateIps: string[];
  /** The end written in the rule's description, for anyone reading the NSG without ajar. */
  ruleEnd: Date;
}

export interface NsgPlanInput {
  /** The NSG's custom rules as read. */
  rules: SecurityRuleInfo[];
  /** Covered VMs behind the NSG that ajar knows of. */
  vms: NsgVm[];
  /**
   * Whether `vms` is all of them (a sweep listed the subscription). When it is not, lock-downs of
   * other VMs already in the NSG are kept as they are: not knowing a VM never unlocks it.
   */
  vmsComplete: boolean;
  grants: NsgGrant[];
  /** Where a lock-down goes when no other rule touches its ports; the numbers below it stay free for grants. */
  lockdownPriority: number;
  maxRules?: number;
}

export type LockdownState =
  | { vmId: string; vmName: string; state: "ajar"; priority: number; rule: string }
  | { vmId: string; vmName: string; state: "existing-deny"; rule: string; priority: number }
  | { vmId: string; vmName: string; state: "impossible"; reason: string };

/** A VM whose management port an operator's allow-from-any opens above every deny: not locked down. */
export interface Exposure {
  vmId: string;
  vmName: string;
  port: number;
  rule: string;
  priority: number;
}

export interface NsgPlan {
  /** Every ajar rule that should be in the NSG. */
  desired: SecurityRuleSpec[];
  /** The desired rules that are missing or differ from what was read. */
  puts: SecurityRuleSpec[];
  /** ajar rules that should not be there. */
  deletes: SecurityRuleInfo[];
  refused: { grantId: string; reason: string }[];
  lockdowns: LockdownState[];
  exposures: Exposure[];
}

const lower = (s: string): string => s.toLowerCase();

/**
 * The ajar part of one NSG as a function of what is in it, the covered VMs behind it and the grants
 * that want it open. Nothing that is not ajar's is ever planned for: operators' rules keep their
 * name, place and content, and ajar's rules are placed around them.
 */
export function planNsg(input: NsgPlanInput): NsgPlan {
  const foreign = input.rules.filter((r) => !isAjarRule(r.name));
  const existing = new Map(input.rules.filter((r) => isAjarRule(r.name)).map((r) => [lower(r.name), r]));
  // Every priority in use stays taken, ajar's own included: a rule that is replaced in the same pass
  // may still be there while the new one is written.
  const taken = new Set(input.rules.filter((r) => r.direction === "Inbound").map((r) => r.priority));
  const desired: SecurityRuleSpec[] = [];
  const claim = (spec: SecurityRuleSpec): void => {
    desired.push(spec);
    taken.add(spec.priority);
  };

  const lockdowns: LockdownState[] = [];
  const exposures: Exposure[] = [];
  if (!input.vmsComplete) {
    const known = new Set(input.vms.map((vm) => lower(lockdownRuleName(vm))));
    for (const rule of existing.values()) if (isLockdownRule(rule.name) && !known.has(lower(rule.name))) claim(toSpec(rule));
  }
  for (const vm of [...input.vms].sort((a, b) => lower(a.id).localeCompare(lower(b.id)))) {
    const state = planLockdown(vm, foreign, existing, taken, input.lockdownPriority);
    lockdowns.push(state.status);
    if (state.spec) claim(state.spec);
    exposures.push(...exposuresOf(vm, foreign, state.spec));
  }

  const refused: NsgPlan["refused"] = [];
  const denies = [...foreign.filter((r) => r.access === "Deny"), ...desired.filter((r) => r.access === "Deny").map(asInfo)];
  const maxRules = input.maxRules ?? MAX_RULES_PER_NSG;
  // Grants that already have their rule keep it (and its priority) before new ones are placed.
  const grants = [...input.grants].sort(
    (a, b) => Number(existing.has(lower(allowRuleName(b.grantId, b.port)))) - Number(existing.has(lower(allowRuleName(a.grantId, a.port)))) || a.grantId.localeCompare(b.grantId),
  );
  for (const grant of grants) {
    const placed = placeAllow(grant, denies, existing, taken, foreign.length + desired.length, maxRules);
    if ("reason" in placed) refused.push({ grantId: grant.grantId, reason: placed.reason });
    else claim(placed.spec);
  }

  const names = new Set(desired.map((d) => lower(d.name)));
  return {
    desired,
    puts: desired.filter((spec) => {
      const current = existing.get(lower(spec.name));
      return !current || !sameRule(current, spec);
    }),
    deletes: [...existing.values()].filter((r) => !names.has(lower(r.name))),
    refused,
    lockdowns,
    exposures,
  };
}

function planLockdown(
  vm: NsgVm,
  foreign: SecurityRuleInfo[],
  existing: Map<string, SecurityRuleInfo>,
  taken: Set<number>,
  preferred: number,
): { status: LockdownState; spec?: SecurityRuleSpec } {
  const base = { vmId: vm.id, vmName: vm.name };
  const name = lockdownRuleName(vm);
  const catchAll = (port: { port: number; protocol: RuleProtocol }) =>
    foreign
      .filter((r) => r.access === "Deny" && isFromAnySource(r) && surelyMatchesTarget(r, port.port, port.protocol, vm.privateIps))
      .sort((a, b) => a.priority - b.priority)[0];
  const uncovered = vm.ports.filter((p) => !catchAll(p));
  if (uncovered.length === 0) {
    // Defender's rule: an existing deny from anywhere already is the lock-down; a second one adds nothing.
    const first = catchAll(vm.ports[0]!)!;
    return { status: { ...base, state: "existing-deny", rule: first.name, priority: first.priority } };
  }
  const ports = [...new Set(uncovered.map((p) => p.port))].sort((a, b) => a - b).map(String);
  const current = existing.get(lower(name));
  let priority = current && current.access === "Deny" && current.direction === "Inbound" ? current.priority : undefined;
  if (priority === undefined) {
    // Defender's placement: rules the operator already has for these ports keep priority over the deny.
    const overlapping = foreign.filter((r) => uncovered.some((p) => mayMatchTarget(r, p.port, "*", vm.privateIps)));
    const floor = overlapping.length > 0 ? Math.max(...overlapping.map((r) => r.priority)) + 1 : preferred;
    priority = firstFree(taken, Math.max(floor, MIN_PRIORITY + 1), MAX_PRIORITY, 1);
    if (priority === undefined) {
      return { status: { ...base, state: "impossible", reason: `no free inbound priority between ${floor} and ${MAX_PRIORITY} below the operator's rules for ports ${ports.join(", ")}` } };
    }
  }
  const spec: SecurityRuleSpec = {
    name,
    priority,
    direction: "Inbound",
    access: "Deny",
    protocol: "*",
    sourceAddressPrefixes: ["*"],
    destinationAddressPrefixes: [...vm.privateIps],
    destinationPortRanges: ports,
    description: lockdownRuleDescription(vm.name),
  };
  return { status: { ...base, state: "ajar", priority, rule: name }, spec };
}

/** Operator allows from anywhere that sit above whatever denies the VM's ports. */
function exposuresOf(vm: NsgVm, foreign: SecurityRuleInfo[], lockdown: SecurityRuleSpec | undefined): Exposure[] {
  const out: Exposure[] = [];
  for (const port of vm.ports) {
    const denies = foreign.filter((r) => r.access === "Deny" && isFromAnySource(r) && surelyMatchesTarget(r, port.port, port.protocol, vm.privateIps)).map((r) => r.priority);
    if (lockdown?.destinationPortRanges.includes(String(port.port))) denies.push(lockdown.priority);
    const deny = denies.length > 0 ? Math.min(...denies) : Infinity;
    const open = foreign
      .filter((r) => r.access === "Allow" && isFromAnySource(r) && r.priority < deny && mayMatchTarget(r, port.port, port.protocol, vm.privateIps))
      .sort((a, b) => a.priority - b.priority)[0];
    if (open) out.push({ vmId: vm.id, vmName: vm.name, port: port.port, rule: open.name, priority: open.priority });
  }
  return out;
}

function placeAllow(
  grant: NsgGrant,
  denies: SecurityRuleInfo[],
  existing: Map<string, SecurityRuleInfo>,
  taken: Set<number>,
  ruleCount: number,
  maxRules: number,
): { spec: SecurityRuleSpec } | { reason: string } {
  const relevant = denies.filter((d) => mayMatchTarget(d, grant.port, grant.protocol, grant.privateIps));
  const targeted = relevant
    .filter((d) => !isAjarRule(d.name) && sourceRelation(d.sourceAddressPrefixes, grant.source) === "overlaps")
    .sort((a, b) => a.priority - b.priority)[0];
  if (targeted) {
    return {
      reason: `the rule ${targeted.name} (priority ${targeted.priority}) denies ${grant.source} on port ${grant.port}; ajar never opens above an administrator's deny aimed at your address. Ask an administrator.`,
    };
  }
  const blockers = relevant.filter((d) => sourceRelation(d.sourceAddressPrefixes, grant.source) === "any").map((d) => d.priority);
  const ceiling = blockers.length > 0 ? Math.min(...blockers) - 1 : MAX_PRIORITY;
  const name = allowRuleName(grant.grantId, grant.port);
  const current = existing.get(lower(name));
  let priority = current && current.priority <= ceiling ? current.priority : undefined;
  if (priority === undefined) {
    if (!current && ruleCount + 1 > maxRules) {
      return { reason: `its NSG already holds ${ruleCount} rules, and Azure allows at most ${maxRules}. Ask an administrator to remove unused rules.` };
    }
    priority = firstFree(taken, ceiling, MIN_PRIORITY, -1);
  }
  if (priority === undefined) {
    return { reason: `there is no free rule priority above ${ceiling + 1} in its NSG. Ask an administrator to free some priorities.` };
  }
  return {
    spec: {
      name,
      priority,
      direction: "Inbound",
      access: "Allow",
      protocol: grant.protocol,
      sourceAddressPrefixes: [grant.source],
      destinationAddressPrefixes: [...grant.privateIps],
      destinationPortRanges: [String(grant.port)],
      description: allowRuleDescription(grant.grantId, grant.requester, grant.ruleEnd),
    },
  };
}

/** The first priority from `from` towards `to` (step ±1) that nothing holds. */
function firstFree(taken: Set<number>, from: number, to: number, step: 1 | -1): number | undefined {
  for (let p = from; step > 0 ? p <= to : p >= to; p += step) if (!taken.has(p)) return p;
  return undefined;
}

const asInfo = (spec: SecurityRuleSpec): SecurityRuleInfo => ({ ...spec, sourcePortRanges: ["*"] });
