import type { SecurityRuleInfo, SecurityRuleSpec } from "../ports/network-access.port.js";
import { existingRule, type NsgSpace } from "./nsg-space.js";
import type { NsgGrant } from "./plan-nsg.js";
import { firstFree, MAX_PRIORITY, MIN_PRIORITY } from "./priorities.js";
import { mayMatchTarget, sourceRelation } from "./rule-match.js";
import { allowRuleDescription, allowRuleName, isAjarRule } from "./rule-naming.js";

/**
 * A grant's allow rule in the free slot just above every deny from any source that would block it;
 * refused when an operator's deny aimed at a range containing its source would, or when the NSG has
 * no room.
 */
export function placeAllow(
  grant: NsgGrant,
  denies: SecurityRuleInfo[],
  space: NsgSpace,
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
  const blockers = relevant
    .filter((d) => sourceRelation(d.sourceAddressPrefixes, grant.source) === "any")
    .map((d) => d.priority);
  const ceiling = blockers.length > 0 ? Math.min(...blockers) - 1 : MAX_PRIORITY;
  const name = allowRuleName(grant.grantId, grant.port);
  const current = existingRule(space, name);
  let priority = current && current.priority <= ceiling ? current.priority : undefined;
  if (priority === undefined) {
    if (!current && ruleCount + 1 > maxRules) {
      return {
        reason: `its NSG already holds ${ruleCount} rules, and Azure allows at most ${maxRules}. Ask an administrator to remove unused rules.`,
      };
    }
    priority = firstFree(space.taken, ceiling, MIN_PRIORITY, -1);
  }
  if (priority === undefined) {
    return {
      reason: `there is no free rule priority above ${ceiling + 1} in its NSG. Ask an administrator to free some priorities.`,
    };
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
