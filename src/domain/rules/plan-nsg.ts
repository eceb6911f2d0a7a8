import type { RuleProtocol, SecurityRuleInfo, SecurityRuleSpec } from "../ports/network-access.port.js";
import { placeAllow } from "./place-allow.js";
import { exposuresOf, planLockdown } from "./plan-lockdown.js";
import { MAX_RULES_PER_NSG } from "./priorities.js";
import { allowRuleName, isAjarRule, isLockdownRule, lockdownRuleName } from "./rule-naming.js";
import { sameRule, toSpec } from "./same-rule.js";

export { MAX_PRIORITY, MAX_RULES_PER_NSG, MIN_PRIORITY } from "./priorities.js";

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
    for (const rule of existing.values())
      if (isLockdownRule(rule.name) && !known.has(lower(rule.name))) claim(toSpec(rule));
  }
  for (const vm of [...input.vms].sort((a, b) => lower(a.id).localeCompare(lower(b.id)))) {
    const state = planLockdown(vm, foreign, { existing, taken }, input.lockdownPriority);
    lockdowns.push(state.status);
    if (state.spec) claim(state.spec);
    exposures.push(...exposuresOf(vm, foreign, state.spec));
  }

  const refused: NsgPlan["refused"] = [];
  const denies = [
    ...foreign.filter((r) => r.access === "Deny"),
    ...desired.filter((r) => r.access === "Deny").map(asInfo),
  ];
  const maxRules = input.maxRules ?? MAX_RULES_PER_NSG;
  // Grants that already have their rule keep it (and its priority) before new ones are placed.
  const grants = [...input.grants].sort(
    (a, b) =>
      Number(existing.has(lower(allowRuleName(b.grantId, b.port)))) -
        Number(existing.has(lower(allowRuleName(a.grantId, a.port)))) || a.grantId.localeCompare(b.grantId),
  );
  for (const grant of grants) {
    const placed = placeAllow(grant, denies, { existing, taken }, foreign.length + desired.length, maxRules);
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

const asInfo = (spec: SecurityRuleSpec): SecurityRuleInfo => ({ ...spec, sourcePortRanges: ["*"] });
