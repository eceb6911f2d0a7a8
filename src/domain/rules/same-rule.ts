import type { SecurityRuleInfo, SecurityRuleSpec } from "../ports/network-access.port.js";

const sameSet = (a: string[], b: string[]): boolean => {
  const norm = (xs: string[]) => [...new Set(xs.map((x) => x.trim().toLowerCase()))].sort().join(",");
  return norm(a) === norm(b);
};

/** Whether the rule as read already is what ajar wants written (ARM may spell lists in either field). */
export function sameRule(current: SecurityRuleInfo, spec: SecurityRuleSpec): boolean {
  return (
    current.priority === spec.priority &&
    current.access === spec.access &&
    current.direction === spec.direction &&
    current.protocol.toLowerCase() === spec.protocol.toLowerCase() &&
    sameSet(current.sourceAddressPrefixes, spec.sourceAddressPrefixes) &&
    sameSet(current.destinationAddressPrefixes, spec.destinationAddressPrefixes) &&
    sameSet(current.destinationPortRanges, spec.destinationPortRanges) &&
    sameSet(current.sourcePortRanges.length > 0 ? current.sourcePortRanges : ["*"], ["*"]) &&
    (current.description ?? "") === spec.description
  );
}

/** An ajar rule as read, kept as it is. */
export const toSpec = (rule: SecurityRuleInfo): SecurityRuleSpec => ({
  name: rule.name,
  priority: rule.priority,
  direction: rule.direction,
  access: rule.access,
  protocol: rule.protocol === "Tcp" || rule.protocol === "Udp" ? rule.protocol : "*",
  sourceAddressPrefixes: rule.sourceAddressPrefixes,
  destinationAddressPrefixes: rule.destinationAddressPrefixes,
  destinationPortRanges: rule.destinationPortRanges,
  description: rule.description ?? "",
});
