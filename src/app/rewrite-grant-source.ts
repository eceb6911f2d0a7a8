import type { Grant } from "../domain/grant/grant.js";
import { samePrefix, tryParseIpPrefix } from "../domain/net/index.js";
import type { SecurityRuleSpec } from "../domain/ports/network-access.port.js";
import type { Deps } from "./deps.js";
import { loadGrant } from "./mutate-grant.js";
import { withRule } from "./nsg-changes.js";

/** Rules read back may spell an address with or without /32: compare what they mean. */
function carries(prefixes: string[], source: string): boolean {
  if (prefixes.length !== 1) return false;
  const [a, b] = [tryParseIpPrefix(prefixes[0]!), tryParseIpPrefix(source)];
  return a && b ? samePrefix(a, b) : prefixes[0] === source;
}

/**
 * Makes the grant's rules in Azure carry the source on its record (after `/jit move`). The record is
 * the truth: the NSG reconciler rewrites rules from it on every pass, and this is the same change made
 * right away for one grant, so a move takes effect in seconds rather than at the next pass. Each rule
 * keeps its name and priority (a PUT of the same name replaces it in place); only the source changes.
 * Idempotent: a rule already carrying the source is not written again.
 */
export async function rewriteGrantSource(deps: Deps, grantId: string, signal?: AbortSignal): Promise<Grant> {
  const grant = await loadGrant(deps.store, grantId);
  if (grant.status !== "active") return grant;
  // Written as the open path writes it (the record's canonical form), so the reconciler sees no drift.
  const wanted = grant.source;
  for (const opened of grant.rules.filter((r) => !r.closedAt)) {
    await deps.nsgChanges.run(opened.nsgId, async (rules) => {
      const current = rules.find((r) => r.name.toLowerCase() === opened.name.toLowerCase());
      if (!current || carries(current.sourceAddressPrefixes, wanted)) return { result: undefined, rules };
      const spec: SecurityRuleSpec = {
        name: current.name,
        priority: current.priority,
        direction: current.direction,
        access: current.access,
        protocol: current.protocol === "Tcp" || current.protocol === "Udp" ? current.protocol : "*",
        sourceAddressPrefixes: [wanted],
        destinationAddressPrefixes: current.destinationAddressPrefixes,
        destinationPortRanges: current.destinationPortRanges,
        description: current.description ?? "",
      };
      await deps.network.putRule(opened.nsgId, spec, signal);
      return { result: undefined, rules: withRule(rules, spec) };
    });
  }
  return grant;
}
