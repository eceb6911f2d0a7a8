import { policiesFor } from "../../domain/policy/match-policy.js";
import type { Policy } from "../../domain/policy/policy.js";
import type { VmSummary } from "../../domain/ports/network-access.port.js";

/**
 * VMs some policy covers whose name contains `query` (or, when it has a "/", whose
 * `resource-group/name` does: two groups may hold VMs of the same name), sorted, at most `limit` (what one select can show).
 */
export function requestableVms(vms: VmSummary[], policies: Policy[], query: string, limit: number): VmSummary[] {
  const needle = query.trim().toLowerCase();
  const haystack = (vm: VmSummary): string =>
    (needle.includes("/") ? `${vm.resourceGroup}/${vm.name}` : vm.name).toLowerCase();
  return vms
    .filter((vm) => policiesFor(policies, vm).length > 0)
    .filter((vm) => haystack(vm).includes(needle))
    .sort((a, b) => a.name.localeCompare(b.name) || a.resourceGroup.localeCompare(b.resourceGroup))
    .slice(0, limit);
}
