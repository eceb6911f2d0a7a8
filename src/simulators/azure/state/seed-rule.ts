import { validateRuleName, validateRuleProperties } from "../engine/rule-validation.js";
import type { SeedRule } from "../seed/seed-schema.js";
import type { RuleProperties } from "./model.js";

/**
 * Seeds and the admin API describe rules with ARM's property names but may leave out the "any" parts;
 * fill those with `*` and then apply the very same validation a PUT gets.
 */
export function seedRuleToProperties(ruleId: string, rule: SeedRule): { name: string; properties: RuleProperties } {
  validateRuleName(rule.name);
  const { name, ...raw } = rule;
  const withDefaults: Record<string, unknown> = { protocol: "*", ...raw };
  for (const [singular, plural] of [
    ["sourceAddressPrefix", "sourceAddressPrefixes"],
    ["sourcePortRange", "sourcePortRanges"],
    ["destinationAddressPrefix", "destinationAddressPrefixes"],
    ["destinationPortRange", "destinationPortRanges"],
  ] as const) {
    if (raw[singular] === undefined && (raw[plural] === undefined || raw[plural].length === 0))
      withDefaults[singular] = "*";
  }
  return { name, properties: validateRuleProperties(ruleId, withDefaults) };
}
