import type { PipelineRetryOptions } from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/identity";

import { ArmClientCache } from "./arm-clients.js";
import { AzureFirewallAccess } from "./azure-firewall-access.js";
import { AzureNetworkAccess } from "./azure-network-access.js";
import { AzurePermissionSource } from "./azure-permission-source.js";

export interface AzurePortsOptions {
  /** AZURE_ARM_ENDPOINT; default https://management.azure.com. */
  endpoint?: string;
  /** AZURE_ARM_TOKEN; over http only to loopback (the simulator). */
  staticToken?: string;
  credential?: TokenCredential;
  /** Rule operation poll interval; ARM's Retry-After overrides it. */
  pollIntervalMs?: number;
  retryOptions?: PipelineRetryOptions;
}

export interface AzurePorts {
  network: AzureNetworkAccess;
  permissions: AzurePermissionSource;
  /** ajar's DNAT rules on Azure Firewalls (classic rules or Firewall Policy). */
  firewalls: AzureFirewallAccess;
  clients: ArmClientCache;
}

/** The Azure side of the runtime: both ports over one per-subscription client cache. */
export function createAzurePorts(options: AzurePortsOptions = {}): AzurePorts {
  const clients = new ArmClientCache({
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.staticToken !== undefined ? { staticToken: options.staticToken } : {}),
    ...(options.credential ? { credential: options.credential } : {}),
    ...(options.retryOptions ? { retryOptions: options.retryOptions } : {}),
  });
  const forSubscription = (id: string) => clients.forSubscription(id);
  return {
    network: new AzureNetworkAccess({
      clients: forSubscription,
      ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    }),
    permissions: new AzurePermissionSource({ clients: forSubscription }),
    firewalls: new AzureFirewallAccess({
      clients: forSubscription,
      ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    }),
    clients,
  };
}
