import type { NetworkAccess } from "../domain/ports/network-access.port.js";
import type { PermissionSource } from "../domain/ports/permission-source.port.js";
import type { Metrics } from "./metrics.js";

type Clock = () => number;

async function timed<T>(metrics: Metrics, operation: string, now: Clock, call: () => Promise<T>): Promise<T> {
  const start = now();
  try {
    const result = await call();
    metrics.armCall(operation, now() - start, true);
    return result;
  } catch (error) {
    metrics.armCall(operation, now() - start, false);
    throw error;
  }
}

/**
 * NetworkAccess that reports every call's latency and outcome. One port call can be several HTTP
 * requests (paging, SDK retries, LRO polling): the metric measures what ajar waited for.
 */
export function instrumentNetworkAccess(
  network: NetworkAccess,
  metrics: Metrics,
  now: Clock = () => performance.now(),
): NetworkAccess {
  return {
    listVms: (subs, signal) => timed(metrics, "listVms", now, () => network.listVms(subs, signal)),
    resolveVmNetwork: (vmId, signal) =>
      timed(metrics, "resolveVmNetwork", now, () => network.resolveVmNetwork(vmId, signal)),
    listRules: (nsgId, signal) => timed(metrics, "listRules", now, () => network.listRules(nsgId, signal)),
    listVmNetworks: (sub, signal) => timed(metrics, "listVmNetworks", now, () => network.listVmNetworks(sub, signal)),
    getSecurityGroup: (nsgId, signal) =>
      timed(metrics, "getSecurityGroup", now, () => network.getSecurityGroup(nsgId, signal)),
    listSecurityGroups: (sub, signal) =>
      timed(metrics, "listSecurityGroups", now, () => network.listSecurityGroups(sub, signal)),
    replaceAjarRules: (snapshot, rules, signal) =>
      timed(metrics, "replaceAjarRules", now, () => network.replaceAjarRules(snapshot, rules, signal)),
    putRule: (nsgId, rule, signal) => timed(metrics, "putRule", now, () => network.putRule(nsgId, rule, signal)),
    deleteRule: (nsgId, name, signal) =>
      timed(metrics, "deleteRule", now, () => network.deleteRule(nsgId, name, signal)),
    listEffectiveRules: (vmId, signal) =>
      timed(metrics, "listEffectiveRules", now, () => network.listEffectiveRules(vmId, signal)),
  };
}

export function instrumentPermissionSource(
  permissions: PermissionSource,
  metrics: Metrics,
  now: Clock = () => performance.now(),
): PermissionSource {
  return {
    listRoleAssignments: (scope, principalId, signal) =>
      timed(metrics, "listRoleAssignments", now, () => permissions.listRoleAssignments(scope, principalId, signal)),
    getRoleDefinition: (id, signal) =>
      timed(metrics, "getRoleDefinition", now, () => permissions.getRoleDefinition(id, signal)),
    listDenyAssignments: (scope, signal) =>
      timed(metrics, "listDenyAssignments", now, () => permissions.listDenyAssignments(scope, signal)),
  };
}
