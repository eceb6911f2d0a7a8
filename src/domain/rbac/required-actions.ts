import { tryParseResourceId } from "../azure-id/resource-id.js";

/** Where an action must be held, relative to the VM asked about; assignments above that scope count. */
export type ActionScope = "vm" | "resourceGroup" | "subscription";

export interface RequiredAction {
  action: string;
  scope: ActionScope;
}

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

/**
 * Defender's JIT policies are resources of the VM's resource group, so it checks their actions
 * there: a role on one VM alone does not let anyone initiate. Everything else is checked at the VM.
 */
export function defaultScopeFor(action: string): ActionScope {
  return /^Microsoft\.Security\//i.test(action) ? "resourceGroup" : "vm";
}

export const DEFAULT_SCOPED_ACTIONS: readonly RequiredAction[] = Object.freeze(
  DEFAULT_REQUIRED_ACTIONS.map((action) => Object.freeze({ action, scope: defaultScopeFor(action) })),
);

/** A configured entry: a plain string takes its default scope. */
export function toRequiredAction(entry: string | RequiredAction): RequiredAction {
  return typeof entry === "string" ? { action: entry, scope: defaultScopeFor(entry) } : entry;
}

/** The ARM scope an action is checked at for this VM; undefined when the VM id is not a resource id. */
export function scopeForVm(vmId: string, scope: ActionScope): string | undefined {
  const id = tryParseResourceId(vmId);
  if (id === undefined || id.resourceGroup === undefined) return undefined;
  const sub = `/subscriptions/${id.subscriptionId}`;
  if (scope === "subscription") return sub;
  if (scope === "resourceGroup") return `${sub}/resourceGroups/${id.resourceGroup}`;
  return vmId;
}
