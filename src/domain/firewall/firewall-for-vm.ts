import { selectorMatches } from "../policy/match-policy.js";
import type { Policy } from "../policy/policy.js";
import type { VmSummary } from "../ports/network-access.port.js";
import type { FirewallTarget } from "./firewall-target.js";

/** The firewall in front of a VM under a policy: the first matching selector's, else the policy's; none means NSGs only. */
export function firewallFor(policy: Policy, vm: VmSummary): FirewallTarget | undefined {
  const selector = policy.vms.find((s) => selectorMatches(s, vm));
  return selector?.firewall ?? policy.firewall;
}

/** Every firewall the configuration names, once each (by resource id). */
export function configuredFirewalls(policies: Policy[]): FirewallTarget[] {
  const seen = new Map<string, FirewallTarget>();
  for (const policy of policies) {
    for (const target of [policy.firewall, ...policy.vms.map((s) => s.firewall)]) {
      if (target && !seen.has(target.id.toLowerCase())) seen.set(target.id.toLowerCase(), target);
    }
  }
  return [...seen.values()];
}
