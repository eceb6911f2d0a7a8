/**
 * What Defender for Cloud requires of a JIT requester (its "request access" role), so ajar is
 * never more permissive than the service it replaces. Policies may replace the list.
 */
export const DEFAULT_REQUIRED_ACTIONS: readonly string[] = Object.freeze([
  "Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action",
  "Microsoft.Security/locations/jitNetworkAccessPolicies/*/read",
  "Microsoft.Compute/virtualMachines/read",
  "Microsoft.Network/networkInterfaces/*/read",
]);
