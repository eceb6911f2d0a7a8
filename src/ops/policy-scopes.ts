import { subscriptionsToSearch } from "../app/queries/find-vm.js";
import type { Settings } from "../app/settings.js";
import { tryParseResourceId } from "../domain/azure-id/resource-id.js";

export interface PolicyScopes {
  /** `/subscriptions/{id}` for every configured subscription and every one a policy names. */
  subscriptions: string[];
  /** `/subscriptions/{id}/resourceGroups/{rg}` for every selector naming a resource group. */
  resourceGroups: string[];
}

export const subscriptionScope = (id: string): string => `/subscriptions/${id}`;
export const resourceGroupScope = (subscriptionId: string, resourceGroup: string): string =>
  `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;

/**
 * The Azure scopes the configuration reaches: what ajar's identity must be able to read (and, for
 * resource groups holding NSGs, write). A selector with a resource group but no subscription applies
 * in every subscription ajar searches.
 */
export function policyScopes(settings: Settings): PolicyScopes {
  const subscriptionIds = subscriptionsToSearch({ settings });
  const groups = new Map<string, string>();
  for (const policy of settings.policies) {
    for (const selector of policy.vms) {
      if (!selector.resourceGroup) continue;
      const subs = selector.subscriptionId ? [selector.subscriptionId.toLowerCase()] : subscriptionIds;
      for (const sub of subs) {
        const scope = resourceGroupScope(sub, selector.resourceGroup);
        groups.set(scope.toLowerCase(), scope);
      }
    }
  }
  return { subscriptions: subscriptionIds.map(subscriptionScope), resourceGroups: [...groups.values()] };
}

/** `{subscriptionId, resourceGroup}` of any ARM id or scope inside a resource group. */
export function resourceGroupOf(id: string): { subscriptionId: string; resourceGroup: string } | undefined {
  const parsed = tryParseResourceId(id);
  return parsed?.resourceGroup !== undefined
    ? { subscriptionId: parsed.subscriptionId, resourceGroup: parsed.resourceGroup }
    : undefined;
}
