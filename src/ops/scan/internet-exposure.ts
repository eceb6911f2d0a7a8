import { isAnySourceToken } from "../../domain/net/index.js";
import type { SecurityRuleInfo } from "../../domain/ports/network-access.port.js";
import { rangesIncludePort } from "../../domain/rules/port-ranges.js";
import { blockContainsAny } from "../../domain/rules/rule-overlap.js";

/** Defender's "management ports should be closed" list. */
export const MANAGEMENT_PORTS: readonly number[] = Object.freeze([22, 3389, 5985, 5986]);

export type PortProtocol = "Tcp" | "Udp" | "*";

/** What decided an NSG's answer for internet traffic to one port of one VM. */
export interface NsgVerdict {
  open: boolean;
  /** The rule that decided; absent when the default DenyAllInBound did. */
  rule?: { name: string; priority: number };
}

const WHOLE_VNET = new Set(["*", "any", "virtualnetwork"]);

/** Does a destination prefix certainly cover one of the VM's addresses? (A deny must, to count.) */
function surelyIncludes(prefix: string, ips: string[]): boolean {
  return WHOLE_VNET.has(prefix.toLowerCase()) || (blockContainsAny(prefix, ips) ?? false);
}

/** Could it cover one? Tags, application security groups and anything unparsed are assumed to. */
function mayInclude(prefix: string, ips: string[]): boolean {
  return (
    blockContainsAny(prefix, ips) ??
    (prefix.toLowerCase() !== "internet" && prefix.toLowerCase() !== "azureloadbalancer")
  );
}

function protocolMatches(rule: SecurityRuleInfo["protocol"], wanted: PortProtocol): boolean {
  return rule === "*" || wanted === "*" || rule === wanted;
}

/**
 * How one NSG treats a connection from an arbitrary internet address to `port` on the VM. Only rules
 * whose source is "anywhere" (`*`, Internet, Any, a /0) can match such an address; the first of those
 * by priority that reaches the port decides. The scan errs towards "open": an allow that might reach
 * the VM counts, a deny only when it certainly covers it. Without a deciding rule, Azure's default
 * DenyAllInBound (65500) closes it.
 */
export function internetVerdict(
  rules: SecurityRuleInfo[],
  port: number,
  protocol: PortProtocol,
  ips: string[],
): NsgVerdict {
  const candidates = rules
    .filter((r) => r.direction === "Inbound" && r.sourceAddressPrefixes.some(isAnySourceToken))
    .filter((r) => protocolMatches(r.protocol, protocol))
    .filter((r) => r.destinationPortRanges.length === 0 || rangesIncludePort(r.destinationPortRanges, port))
    .sort((a, b) => a.priority - b.priority);
  for (const rule of candidates) {
    const destinations = rule.destinationAddressPrefixes;
    if (rule.access === "Allow" && (destinations.length === 0 || destinations.some((d) => mayInclude(d, ips)))) {
      return { open: true, rule: { name: rule.name, priority: rule.priority } };
    }
    if (rule.access === "Deny" && destinations.some((d) => surelyIncludes(d, ips))) {
      return { open: false, rule: { name: rule.name, priority: rule.priority } };
    }
  }
  return { open: false };
}
