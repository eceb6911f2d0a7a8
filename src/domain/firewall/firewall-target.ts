import type { PortRange } from "./port-range.js";

/** A firewall that fronts a policy's VMs, as configured (`policies[].firewall`). */
export interface FirewallTarget {
  /** An azureFirewalls (classic rules) or firewallPolicies (Firewall Policy) resource id. */
  id: string;
  /** The public IP requesters connect to: an address, or a publicIPAddresses resource id. */
  publicIp: string;
  portRange: PortRange;
  /** Priority of ajar's NAT rule collection (classic) or rule collection group (policy). */
  priority: number;
}

export const isFirewallPolicyId = (id: string): boolean =>
  /\/providers\/Microsoft\.Network\/firewallPolicies\/[^/]+$/i.test(id);
export const isAzureFirewallId = (id: string): boolean =>
  /\/providers\/Microsoft\.Network\/azureFirewalls\/[^/]+$/i.test(id);
