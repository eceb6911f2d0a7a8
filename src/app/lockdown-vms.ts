import { policiesFor } from "../domain/policy/match-policy.js";
import type { Deps } from "./deps.js";
import { ensureLockdown } from "./ensure-lockdown.js";
import { subscriptionsToSearch } from "./find-vm.js";
import { errorMessage } from "../domain/errors.js";

export interface LockdownReport {
  vm: string;
  nsgId: string;
  priority?: number;
  changed: boolean;
  error?: string;
}

/** Enabling JIT: every VM a policy covers gets its deny rule in every NSG on its path. */
export async function lockdownVms(deps: Deps, signal?: AbortSignal): Promise<LockdownReport[]> {
  const vms = await deps.network.listVms(subscriptionsToSearch(deps), signal);
  const report: LockdownReport[] = [];
  for (const vm of vms) {
    const ports = [...new Set(policiesFor(deps.settings.policies, vm).flatMap((p) => p.ports.map((pp) => pp.port)))];
    if (ports.length === 0) continue;
    const network = await deps.network.resolveVmNetwork(vm.id, signal);
    for (const nsgId of network.nsgIds) {
      try {
        const result = await deps.nsgChanges.run(nsgId, async (rules) => {
          const done = await ensureLockdown(deps, network, nsgId, ports, rules, signal);
          return { result: done, rules: done.rules };
        });
        report.push({ vm: vm.name, nsgId, priority: result.priority, changed: result.changed });
      } catch (error) {
        const message = errorMessage(error);
        deps.logger.error({ vm: vm.name, nsgId, err: message }, "lock-down failed");
        report.push({ vm: vm.name, nsgId, changed: false, error: message });
      }
    }
  }
  return report;
}
