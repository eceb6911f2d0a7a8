import type { SecurityRuleInfo } from "../ports/network-access.port.js";
import { rangesIncludePort } from "./port-ranges.js";
import { isAjarRule } from "./rule-naming.js";

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

function ipv4ToInt(a: string, b: string, c: string, d: string): number {
  return ((Number(a) << 24) | (Number(b) << 16) | (Number(c) << 8) | Number(d)) >>> 0;
}

/**
 * Whether a destination prefix may include one of the VM's addresses. Service tags and anything we
 * cannot parse are assumed to include it: over-estimating overlap only moves ajar's rules to a safer
 * place, never a rule of the operator's.
 */
export function prefixMayInclude(prefix: string, ips: string[]): boolean {
  const m = IPV4_CIDR.exec(prefix.trim());
  if (!m) return true;
  const bits = m[5] === undefined ? 32 : Number(m[5]);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const net = ipv4ToInt(m[1]!, m[2]!, m[3]!, m[4]!) & mask;
  return ips.some((ip) => {
    const i = IPV4_CIDR.exec(ip);
    if (!i) return true;
    return ((ipv4ToInt(i[1]!, i[2]!, i[3]!, i[4]!) & mask) >>> 0) === net >>> 0;
  });
}

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
