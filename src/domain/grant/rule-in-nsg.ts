import type { Grant, OpenedRule } from "./grant.js";

/** ARM ids compare without case: the NSG an entry names may be spelled differently from a listing's. */
export const isRuleInNsg = (rule: OpenedRule, nsgId: string): boolean =>
  rule.nsgId.toLowerCase() === nsgId.toLowerCase();

/** The grant's rule in one NSG (or firewall) on its path, if it has one there. */
export const ruleInNsg = (grant: Pick<Grant, "rules">, nsgId: string): OpenedRule | undefined =>
  grant.rules.find((r) => isRuleInNsg(r, nsgId));
