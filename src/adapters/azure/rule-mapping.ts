import type { SecurityRule } from "@azure/arm-network";

import type { SecurityRuleInfo, SecurityRuleSpec } from "../../domain/ports/network-access.port.js";

/** ARM keeps one value in the singular field and several in the plural one; the domain always has a list. */
const listOf = (one: string | undefined, many: string[] | undefined): string[] =>
  many && many.length > 0 ? many : one !== undefined && one !== "" ? [one] : [];

export function toRuleInfo(rule: SecurityRule): SecurityRuleInfo {
  return {
    name: rule.name ?? "",
    priority: rule.priority ?? 0,
    direction: rule.direction as SecurityRuleInfo["direction"],
    access: rule.access as SecurityRuleInfo["access"],
    protocol: rule.protocol as SecurityRuleInfo["protocol"],
    sourceAddressPrefixes: listOf(rule.sourceAddressPrefix, rule.sourceAddressPrefixes),
    sourcePortRanges: listOf(rule.sourcePortRange, rule.sourcePortRanges),
    destinationAddressPrefixes: listOf(rule.destinationAddressPrefix, rule.destinationAddressPrefixes),
    destinationPortRanges: listOf(rule.destinationPortRange, rule.destinationPortRanges),
    ...(rule.description ? { description: rule.description } : {}),
  };
}

/**
 * A single value goes in the singular field: only it accepts `*` and service tags (ARM rejects those in
 * the plural lists with SecurityRuleParameterContainsUnsupportedValue).
 */
function pair<K extends string>(singular: K, plural: `${K}es` | `${K}s`, values: string[]): Partial<SecurityRule> {
  return (values.length === 1 ? { [singular]: values[0] } : { [plural]: values }) as Partial<SecurityRule>;
}

export function toArmRule(spec: SecurityRuleSpec): SecurityRule {
  return {
    protocol: spec.protocol,
    access: spec.access,
    direction: spec.direction,
    priority: spec.priority,
    description: spec.description,
    sourcePortRange: "*",
    ...pair("sourceAddressPrefix", "sourceAddressPrefixes", spec.sourceAddressPrefixes),
    ...pair("destinationAddressPrefix", "destinationAddressPrefixes", spec.destinationAddressPrefixes),
    ...pair("destinationPortRange", "destinationPortRanges", spec.destinationPortRanges),
  };
}
