import { z } from "zod";

const ARM_ID = "[^/\\s]+";
const firewallId = new RegExp(
  `^/subscriptions/${ARM_ID}/resourceGroups/${ARM_ID}/providers/Microsoft\\.Network/(azureFirewalls|firewallPolicies)/${ARM_ID}$`,
  "i",
);
const publicIpId = new RegExp(
  `^/subscriptions/${ARM_ID}/resourceGroups/${ARM_ID}/providers/Microsoft\\.Network/publicIPAddresses/${ARM_ID}$`,
  "i",
);
const ipAddress = /^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-f:]+$/i;

/**
 * `policies[].firewall` (or `policies[].vms[].firewall`): the Azure Firewall in front of the VMs.
 * Grants then open a DNAT entry on it and let the firewall's subnet through the VM's NSGs.
 */
export const firewallSchema = z.strictObject({
  id: z
    .string()
    .regex(firewallId, "an azureFirewalls (classic rules) or firewallPolicies (Firewall Policy) resource id"),
  publicIp: z
    .string()
    .refine((v) => ipAddress.test(v) || publicIpId.test(v), "a public IP address or a publicIPAddresses resource id"),
  portRange: z.string().default("50000-50999"),
  priority: z.number().int().min(100).max(65000).default(150),
});

export type FirewallConfig = z.infer<typeof firewallSchema>;
