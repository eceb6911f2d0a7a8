import { resourceIdDigest } from "../../domain/azure-id/resource-id-digest.js";
import type { VmSummary } from "../../domain/ports/network-access.port.js";

/** The VM a picked value names: its resource id (any casing), or the digest that stands in for a long one. */
export function vmByOptionValue(vms: VmSummary[], value: string): VmSummary | undefined {
  const wanted = value.toLowerCase();
  return vms.find((vm) => vm.id.toLowerCase() === wanted || resourceIdDigest(vm.id) === value);
}
