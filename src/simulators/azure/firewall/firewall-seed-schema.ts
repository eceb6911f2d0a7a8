import { z } from "zod";

/**
 * Seed entries for public IPs, firewalls and firewall policies. Rule collections use ARM's own JSON
 * (as `az network firewall show` prints them), so a real firewall's rules can be pasted in; they go
 * through the same validation as a PUT.
 */

const name = z.string().min(1).max(80);
const armObjects = z.array(z.record(z.string(), z.unknown())).default([]);

const publicIpSchema = z.strictObject({
  name,
  location: z.string().optional(),
  ipAddress: z.string().min(1),
});

const ruleCollectionGroupSchema = z.strictObject({
  name,
  priority: z.number().int(),
  ruleCollections: armObjects,
});

const firewallPolicySchema = z.strictObject({
  name,
  location: z.string().optional(),
  tags: z.record(z.string(), z.string()).default({}),
  ruleCollectionGroups: z.array(ruleCollectionGroupSchema).default([]),
});

const azureFirewallSchema = z.strictObject({
  name: z.string().min(1).max(56),
  location: z.string().optional(),
  tags: z.record(z.string(), z.string()).default({}),
  /** `vnet/AzureFirewallSubnet` in the same resource group, or a full subnet id. */
  subnet: z.string().min(1),
  /** Public IP names in the same resource group, or full ids; the first is the main address. */
  publicIpAddresses: z.array(z.string().min(1)).min(1, "a firewall needs at least one public IP"),
  /** Policy name in the same resource group, or a full id; classic rule collections must then be empty. */
  firewallPolicy: z.string().min(1).optional(),
  natRuleCollections: armObjects,
  networkRuleCollections: armObjects,
  applicationRuleCollections: armObjects,
});

/** Spread into the resource group schema of the seed. */
export const firewallSeedFields = {
  publicIpAddresses: z.array(publicIpSchema).default([]),
  firewallPolicies: z.array(firewallPolicySchema).default([]),
  azureFirewalls: z.array(azureFirewallSchema).default([]),
};

export interface FirewallSeedGroup {
  name: string;
  location: string;
  publicIpAddresses: z.output<typeof publicIpSchema>[];
  firewallPolicies: z.output<typeof firewallPolicySchema>[];
  azureFirewalls: z.output<typeof azureFirewallSchema>[];
}
