import { isFirewallPolicyId, type FirewallTarget } from "../../domain/firewall/firewall-target.js";

/** Azure Firewall reports its operations under locations/nfvOperations and nfvOperationResults. */
const FIREWALL_OPERATIONS = [
  "Microsoft.Network/locations/nfvOperations/read",
  "Microsoft.Network/locations/nfvOperationResults/read",
];

/**
 * Classic rules: read the firewall, its public IPs and its subnet, and write the firewall. The PUT
 * carries the firewall's IP configurations back, and ARM checks the join actions on the subnet and
 * public IPs those reference.
 */
export const CLASSIC_FIREWALL_WRITE_ACTIONS: readonly string[] = Object.freeze([
  "Microsoft.Network/azureFirewalls/read",
  "Microsoft.Network/azureFirewalls/write",
  "Microsoft.Network/virtualNetworks/subnets/join/action",
  "Microsoft.Network/publicIPAddresses/join/action",
]);

/** Firewall Policy: write ajar's rule collection group only; read the policy and the firewalls using it. */
export const POLICY_FIREWALL_WRITE_ACTIONS: readonly string[] = Object.freeze([
  "Microsoft.Network/firewallPolicies/read",
  "Microsoft.Network/firewallPolicies/ruleCollectionGroups/read",
  "Microsoft.Network/firewallPolicies/ruleCollectionGroups/write",
]);

const READS = [
  "Microsoft.Network/azureFirewalls/read",
  "Microsoft.Network/publicIPAddresses/read",
  "Microsoft.Network/virtualNetworks/subnets/read",
];

export const writeActionsFor = (target: FirewallTarget): readonly string[] =>
  isFirewallPolicyId(target.id) ? POLICY_FIREWALL_WRITE_ACTIONS : CLASSIC_FIREWALL_WRITE_ACTIONS;

/** The extra actions ajar's identity needs for the firewalls the configuration names (none without firewalls). */
export function firewallActions(targets: FirewallTarget[]): string[] {
  if (targets.length === 0) return [];
  return [...new Set([...READS, ...targets.flatMap((t) => writeActionsFor(t)), ...FIREWALL_OPERATIONS])];
}
