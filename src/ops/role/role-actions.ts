/**
 * The Azure RBAC actions behind every ARM request ajar makes with its own identity. The role test
 * replays ajar's calls against the simulator and checks each request's action is covered here.
 */
export const BOT_ACTIONS: readonly string[] = Object.freeze([
  // Find VMs and the NSGs on their path (VM → NIC → subnet).
  "Microsoft.Compute/virtualMachines/read",
  "Microsoft.Network/networkInterfaces/read",
  "Microsoft.Network/virtualNetworks/subnets/read",
  "Microsoft.Network/networkSecurityGroups/read",
  // Open, lock down and close: the allow and deny rules ajar writes.
  "Microsoft.Network/networkSecurityGroups/securityRules/read",
  "Microsoft.Network/networkSecurityGroups/securityRules/write",
  "Microsoft.Network/networkSecurityGroups/securityRules/delete",
  // Proof the path is open: the NIC's effective security rules (a long-running POST).
  "Microsoft.Network/networkInterfaces/effectiveNetworkSecurityGroups/action",
  // The SDK polls rule writes through Azure-AsyncOperation / Location URLs under locations/.
  "Microsoft.Network/locations/operations/read",
  "Microsoft.Network/locations/operationResults/read",
  // Check requesters' RBAC like Defender's JIT does, and (doctor) the bot's own permissions.
  "Microsoft.Authorization/roleAssignments/read",
  "Microsoft.Authorization/roleDefinitions/read",
  "Microsoft.Authorization/denyAssignments/read",
  "Microsoft.Authorization/permissions/read",
]);

/** Writing rules is the one thing the bot cannot do with Reader; the doctor verifies these per resource group. */
export const RULE_WRITE_ACTIONS: readonly string[] = Object.freeze([
  "Microsoft.Network/networkSecurityGroups/securityRules/read",
  "Microsoft.Network/networkSecurityGroups/securityRules/write",
  "Microsoft.Network/networkSecurityGroups/securityRules/delete",
]);

/**
 * What Defender for Cloud documents for requesting JIT VM access (ajar's DEFAULT_REQUIRED_ACTIONS):
 * a requester holding this role passes ajar's RBAC check.
 */
export const REQUESTER_ACTIONS: readonly string[] = Object.freeze([
  "Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action",
  "Microsoft.Security/locations/jitNetworkAccessPolicies/*/read",
  "Microsoft.Compute/virtualMachines/read",
  "Microsoft.Network/networkInterfaces/*/read",
]);
