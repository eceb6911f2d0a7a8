import type { AzurePorts } from "../../adapters/azure/create-azure-ports.js";
import { resourceGroupOf } from "../policy-scopes.js";
import type { AzureProbe } from "./azure-probe.js";

const subscriptionOf = (scope: string): string => {
  const m = /^\/subscriptions\/([^/]+)/i.exec(scope);
  if (!m) throw new Error(`${scope} is not inside a subscription`);
  return m[1]!;
};

/** Size of the first page of a paged SDK listing: one request, enough to prove read access. */
async function firstPageSize<T>(iterator: { byPage(): AsyncIterableIterator<T[]> }): Promise<number> {
  for await (const page of iterator.byPage()) return page.length;
  return 0;
}

/** The doctor's questions answered with the same SDK clients (and credential) the runtime uses. */
export function sdkAzureProbe(ports: AzurePorts): AzureProbe {
  const clients = (scope: string) => ports.clients.forSubscription(subscriptionOf(scope));
  return {
    listVms: (subs) => ports.network.listVms(subs),
    resolveVmNetwork: (vmId) => ports.network.resolveVmNetwork(vmId),
    listNetworkInterfaces(scope) {
      const rg = resourceGroupOf(scope);
      const nics = clients(scope).network.networkInterfaces;
      return firstPageSize(rg ? nics.list(rg.resourceGroup) : nics.listAll());
    },
    listNetworkSecurityGroups(scope) {
      const rg = resourceGroupOf(scope);
      const nsgs = clients(scope).network.networkSecurityGroups;
      return firstPageSize(rg ? nsgs.list(rg.resourceGroup) : nsgs.listAll());
    },
    listRoleAssignments: (scope) =>
      firstPageSize(clients(scope).authorization.roleAssignments.listForScope(scope, { filter: "atScope()" })),
    listRoleDefinitions: (scope) => firstPageSize(clients(scope).authorization.roleDefinitions.list(scope)),
    listDenyAssignments: (scope) => ports.permissions.listDenyAssignments(scope),
    readFirewall: (id) => ports.firewalls.read(id),
    async callerPermissions(subscriptionId, resourceGroup) {
      const blocks = [];
      for await (const p of ports.clients
        .forSubscription(subscriptionId)
        .authorization.permissions.listForResourceGroup(resourceGroup)) {
        blocks.push({
          actions: p.actions ?? [],
          notActions: p.notActions ?? [],
          dataActions: p.dataActions ?? [],
          notDataActions: p.notDataActions ?? [],
        });
      }
      return blocks;
    },
  };
}
