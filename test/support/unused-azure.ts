import type { NetworkAccess } from "../../src/domain/ports/network-access.port.js";
import type { PermissionSource } from "../../src/domain/ports/permission-source.port.js";

/** For tests where no Azure wire exists (health checks): ports that fail if anything calls them. */
export function unusedAzure(): { network: NetworkAccess; permissions: PermissionSource } {
  const never = () => Promise.reject(new Error("not used by health checks"));
  return {
    network: {
      listVms: never,
      resolveVmNetwork: never,
      listVmNetworks: never,
      listRules: never,
      getSecurityGroup: never,
      listSecurityGroups: never,
      replaceAjarRules: never,
      putRule: never,
      deleteRule: never,
      listEffectiveRules: never,
    },
    permissions: { listRoleAssignments: never, getRoleDefinition: never, listDenyAssignments: never },
  };
}
