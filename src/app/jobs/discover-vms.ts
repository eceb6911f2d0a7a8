import { policiesFor } from "../../domain/policy/match-policy.js";
import type { NsgVm } from "../../domain/rules/plan-nsg.js";
import type { Deps } from "../deps.js";
import { coveredVm } from "../shared/covered-vm.js";

export interface Discovery {
  /** NSGs whose covered VMs changed (they need a reconcile for their lock-downs). */
  changed: string[];
  /** VMs whose network could not be read: skipped, their NSGs keep what was known of them. */
  unresolved: { vm: string; reason: string }[];
}

const sameVms = (a: NsgVm[], b: NsgVm[]): boolean => {
  const norm = (vms: NsgVm[]) =>
    JSON.stringify([...vms].sort((x, y) => x.id.toLowerCase().localeCompare(y.id.toLowerCase())));
  return norm(a) === norm(b);
};

/**
 * Enabling JIT, continuously: every VM a policy covers in one subscription, with the NSGs on its path,
 * becomes the list of VMs each NSG must lock down. One VM that cannot be read is skipped and reported;
 * the others go on, and what was known of the skipped one stays (not knowing a VM never unlocks it).
 */
export async function discoverVms(
  deps: Pick<Deps, "network" | "nsgIndex" | "settings" | "logger">,
  subscriptionId: string,
  nsgIdsInSubscription: string[],
  signal?: AbortSignal,
): Promise<Discovery> {
  const { vms, unresolved } = await deps.network.listVmNetworks(subscriptionId, signal);
  const byNsg = new Map<string, { id: string; vms: NsgVm[] }>();
  for (const id of nsgIdsInSubscription) byNsg.set(id.toLowerCase(), { id, vms: [] });
  for (const network of vms) {
    if (policiesFor(deps.settings.policies, network.vm).length === 0) continue;
    const vm = coveredVm(deps, network);
    for (const nsgId of network.nsgIds) {
      const entry = byNsg.get(nsgId.toLowerCase()) ?? { id: nsgId, vms: [] };
      entry.vms.push(vm);
      byNsg.set(nsgId.toLowerCase(), entry);
    }
  }
  const skipped = new Set(unresolved.map((u) => u.vm.id.toLowerCase()));
  for (const u of unresolved)
    deps.logger.warn({ vm: u.vm.name, reason: u.reason }, "VM skipped by lock-down: its network could not be read");
  const changed: string[] = [];
  for (const { id, vms: found } of byNsg.values()) {
    const previous = await deps.nsgIndex.vms(id);
    const next = [...found, ...previous.vms.filter((v) => skipped.has(v.id.toLowerCase()))];
    if (previous.complete && sameVms(previous.vms, next)) continue;
    await deps.nsgIndex.setVms(id, next);
    changed.push(id);
  }
  return { changed, unresolved: unresolved.map((u) => ({ vm: u.vm.name, reason: u.reason })) };
}
