import { prefixContains, tryParseIpPrefix } from "../net/index.js";
import type { SecurityRuleInfo } from "../ports/network-access.port.js";
import { rangesIncludePort } from "./port-ranges.js";
import { isAjarRule } from "./rule-naming.js";

/**
 * Whether an address block in a rule contains one of the VM's addresses; undefined when the text is
 * not an address block (a service tag, `*`, an application security group), which each caller
 * judges in the direction that is safe for it.
 */
export function blockContainsAny(prefix: string, ips: string[]): boolean | undefined {
  const block = tryParseIpPrefix(prefix.trim());
  if (block === undefined) return undefined;
  return ips.some((ip) => {
    const address = tryParseIpPrefix(ip);
    return address !== undefined && prefixContains(block, address);
  });
}

/**
 * Whether a destination prefix may include one of the VM's addresses. Service tags and anything we
 * cannot parse are assumed to include it: over-estimating overlap only moves ajar's rules to a safer
 * place, never a rule of the operator's.
 */
export const prefixMayInclude = (prefix: string, ips: string[]): boolean => blockContainsAny(prefix, ips) ?? true;

/** Inbound rules, not written by ajar, that could match traffic to one of `ports` on one of `ips`. */
export function overlappingForeignRules(rules: SecurityRuleInfo[], ports: number[], ips: string[]): SecurityRuleInfo[] {
  return rules.filter(
    (r) =>
      r.direction === "Inbound" &&
      !isAjarRule(r.name) &&
      ports.some((p) => rangesIncludePort(r.destinationPortRanges, p)) &&
      (r.destinationAddressPrefixes.length === 0 || r.destinationAddressPrefixes.some((d) => prefixMayInclude(d, ips))),
  );
}

export const inboundPriorities = (rules: SecurityRuleInfo[]): Set<number> =>
  new Set(rules.filter((r) => r.direction === "Inbound").map((r) => r.priority));
