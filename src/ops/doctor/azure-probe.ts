import type { FirewallSnapshot } from "../../domain/ports/firewall-access.port.js";
import type { VmNetwork, VmSummary } from "../../domain/ports/network-access.port.js";
import type { DenyAssignmentInfo, PermissionBlock } from "../../domain/ports/permission-source.port.js";

/**
 * What the doctor asks of Azure, as ajar's own identity. Listing calls read one page only: the
 * question is "may I read here", not "what is here".
 */
export interface AzureProbe {
  listVms(subscriptionIds: string[]): Promise<VmSummary[]>;
  resolveVmNetwork(vmId: string): Promise<VmNetwork>;
  /** `scope` is a subscription or resource group scope. */
  listNetworkInterfaces(scope: string): Promise<number>;
  listNetworkSecurityGroups(scope: string): Promise<number>;
  listRoleAssignments(scope: string): Promise<number>;
  listRoleDefinitions(scope: string): Promise<number>;
  listDenyAssignments(scope: string): Promise<DenyAssignmentInfo[]>;
  /** The caller's own permission blocks in a resource group (ARM has no subscription-wide variant). */
  callerPermissions(subscriptionId: string, resourceGroup: string): Promise<PermissionBlock[]>;
  /** ajar's part of a configured firewall (classic or policy); absent in probes that predate firewalls. */
  readFirewall?(id: string): Promise<FirewallSnapshot>;
}
