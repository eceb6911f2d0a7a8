import { isAnySourceToken, prefixContains, prefixesOverlap, tryParseIpPrefix } from "../net/index.js";
import type { SecurityRuleInfo } from "../ports/network-access.port.js";
import { parsePortRange, rangesIncludePort } from "./port-ranges.js";
import { prefixMayInclude } from "./rule-overlap.js";

/** How a rule's sources relate to a grant's source block. */
export type SourceRelation = "any" | "overlaps" | "disjoint";

/** Service tags that only ever stand for addresses inside Azure's private networks. */
const PRIVATE_ONLY_TAGS = new Set(["virtualnetwork", "azureloadbalancer"]);
const PRIVATE_BLOCKS = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
  "169.254.0.0/16",
  "fc00::/7",
  "fe80::/10",
].map((p) => tryParseIpPrefix(p)!);

const isPrivate = (source: string): boolean => {
  const block = tryParseIpPrefix(source);
  return block === undefined || PRIVATE_BLOCKS.some((p) => prefixesOverlap(p, block));
};

function relationOf(prefix: string, source: string): SourceRelation {
  if (isAnySourceToken(prefix.trim())) return "any";
  const block = tryParseIpPrefix(prefix.trim());
  const wanted = tryParseIpPrefix(source);
  if (block && wanted) return prefixesOverlap(block, wanted) ? "overlaps" : "disjoint";
  if (PRIVATE_ONLY_TAGS.has(prefix.trim().toLowerCase())) return isPrivate(source) ? "overlaps" : "disjoint";
  // Any other service tag or an application security group: its members are unknown here, so
  // assume they may include the source (fail closed).
  return "overlaps";
}

/** The strongest relation over a rule's sources; a rule with no prefixes (ASGs only) is unknown, so it may overlap. */
export function sourceRelation(ruleSources: string[], source: string): SourceRelation {
  if (ruleSources.length === 0) return "overlaps";
  let strongest: SourceRelation = "disjoint";
  for (const prefix of ruleSources) {
    const relation = relationOf(prefix, source);
    if (relation === "any") return "any";
    if (relation === "overlaps") strongest = "overlaps";
  }
  return strongest;
}

export const isFromAnySource = (rule: SecurityRuleInfo): boolean =>
  rule.sourceAddressPrefixes.length > 0 && rule.sourceAddressPrefixes.every((p) => isAnySourceToken(p.trim()));

/** Whether the rule's protocol can match traffic of `protocol` (ajar's ports are TCP, UDP or both). */
export const protocolMatches = (ruleProtocol: string, protocol: string): boolean =>
  ruleProtocol === "*" || protocol === "*" || ruleProtocol.toLowerCase() === protocol.toLowerCase();

/** Whether the rule can match inbound traffic to `port` on one of `ips`. */
export const mayMatchTarget = (rule: SecurityRuleInfo, port: number, protocol: string, ips: string[]): boolean =>
  rule.direction === "Inbound" &&
  protocolMatches(rule.protocol, protocol) &&
  rangesIncludePort(rule.destinationPortRanges, port) &&
  (rule.destinationAddressPrefixes.length === 0 ||
    rule.destinationAddressPrefixes.some((d) => prefixMayInclude(d, ips)));

const ANY_DESTINATIONS = new Set(["*", "any", "virtualnetwork", "0.0.0.0/0", "::/0"]);

/** Whether the rule certainly applies to traffic to `port` on every one of `ips` (used where over-estimating would be unsafe). */
export function surelyMatchesTarget(rule: SecurityRuleInfo, port: number, protocol: string, ips: string[]): boolean {
  if (
    rule.direction !== "Inbound" ||
    !(rule.protocol === "*" || rule.protocol.toLowerCase() === protocol.toLowerCase())
  )
    return false;
  const parsedRanges = rule.destinationPortRanges.map(parsePortRange);
  if (!parsedRanges.some((r) => r !== undefined && r.from <= port && port <= r.to)) return false;
  return ips.every((ip) => {
    const address = tryParseIpPrefix(ip);
    return rule.destinationAddressPrefixes.some((d) => {
      if (ANY_DESTINATIONS.has(d.trim().toLowerCase())) return true;
      const block = tryParseIpPrefix(d.trim());
      return block !== undefined && address !== undefined && prefixContains(block, address);
    });
  });
}
