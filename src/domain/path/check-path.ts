import { resourceName } from "../azure-id/resource-id.js";
import { prefixContains, prefixesOverlap, tryParseIpPrefix, type IpPrefix } from "../net/ip-prefix.js";
import type { EffectiveNsg, EffectiveRule } from "../ports/network-access.port.js";

/** The traffic a grant is meant to let through. */
export interface PathProbe {
  /** The grant's source: an address or block (canonical CIDR), or `*`. */
  source: string;
  /** The VM's private addresses: the traffic reaches at least one of them. */
  destinations: string[];
  port: number;
  protocol: "Tcp" | "Udp" | "*";
}

export interface BlockingRule {
  /** The rule's name without ARM's `securityRules/` prefix. */
  rule: string;
  priority: number;
  /** The NSG's name (or "network manager" for admin rules). */
  nsg: string;
  nsgId?: string;
}

export type PathVerdict = { open: true } | { open: false; blockedBy: BlockingRule };

/** Effective rules spell "any" as 0.0.0.0/0 whatever the family; it covers IPv6 sources too. */
const isAny = (text: string): boolean => text === "*" || text === "0.0.0.0/0" || text === "::/0";

function covers(ruleText: string, inner: IpPrefix): boolean {
  if (isAny(ruleText)) return true;
  const outer = tryParseIpPrefix(ruleText);
  return outer !== undefined && prefixContains(outer, inner);
}

function touches(ruleText: string, inner: IpPrefix | undefined): boolean {
  if (isAny(ruleText) || inner === undefined) return true;
  const outer = tryParseIpPrefix(ruleText);
  return outer !== undefined && prefixesOverlap(outer, inner);
}

function portIn(port: number, ranges: string[]): boolean {
  return ranges.some((range) => {
    const [low, high] = range.split("-").map(Number);
    return low !== undefined && port >= low && port <= (high ?? low);
  });
}

const allSourcePorts = (ranges: string[]): boolean => portIn(0, ranges) && ranges.some((r) => r === "0-65535");

function protocolMatches(rule: EffectiveRule, probe: PathProbe): boolean {
  const p = rule.protocol.toLowerCase();
  if (p === "all" || p === "*") return true;
  // A grant for any protocol is only fully let in by an any-protocol rule, but any rule for one protocol blocks part of it.
  return probe.protocol === "*" ? rule.access === "Deny" : p === probe.protocol.toLowerCase();
}

/**
 * Does this rule decide the probe's traffic? An Allow counts only if it lets in all of it (the whole
 * source block, any source port); a Deny counts if it stops any of it. That makes "open" a promise,
 * and "blocked" name the first rule that would drop some of the requester's packets.
 */
function decides(rule: EffectiveRule, probe: PathProbe, source: IpPrefix | undefined): boolean {
  if (rule.direction !== "Inbound" || !protocolMatches(rule, probe) || !portIn(probe.port, rule.destinationPortRanges))
    return false;
  const destinations = probe.destinations.map((d) => tryParseIpPrefix(d)).filter((d): d is IpPrefix => d !== undefined);
  if (!destinations.some((d) => rule.destinationPrefixes.some((r) => covers(r, d)))) return false;
  if (rule.access === "Allow") {
    // An any-source grant (source undefined) is only fully let in by an any-source rule.
    if (!allSourcePorts(rule.sourcePortRanges)) return false;
    return rule.sourcePrefixes.some((r) => (source === undefined ? isAny(r) : covers(r, source)));
  }
  return rule.sourcePrefixes.some((r) => touches(r, source));
}

const shortName = (name: string): string => name.replace(/^(securityRules|defaultSecurityRules)\//i, "");

/**
 * Whether `probe` gets through every NSG on the VM's path, judged from the effective rules Azure
 * reports: in each NSG, rules are evaluated by priority and the first that decides wins; traffic must
 * be allowed by all of them. Returns the first blocking rule otherwise, with its NSG.
 */
export function checkPath(groups: EffectiveNsg[], probe: PathProbe): PathVerdict {
  const source = isAny(probe.source) ? undefined : tryParseIpPrefix(probe.source);
  // Admin rules from a network manager are evaluated before any NSG.
  const ordered = [
    ...groups.filter((g) => g.appliesTo === "network-manager"),
    ...groups.filter((g) => g.appliesTo === "subnet"),
    ...groups.filter((g) => g.appliesTo === "nic"),
  ];
  for (const group of ordered) {
    const inbound = group.rules.filter((r) => r.direction === "Inbound").sort((a, b) => a.priority - b.priority);
    const first = inbound.find((rule) => decides(rule, probe, source));
    // No rule decides (only possible for admin rules, which have no default deny): on to the NSGs.
    if (!first || first.access === "Allow") continue;
    const nsg = group.nsgId ? resourceName(group.nsgId) : "network manager";
    return {
      open: false,
      blockedBy: {
        rule: shortName(first.name),
        priority: first.priority,
        nsg,
        ...(group.nsgId ? { nsgId: group.nsgId } : {}),
      },
    };
  }
  return { open: true };
}
