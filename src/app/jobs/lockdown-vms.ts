import { errorMessage } from "../../domain/errors.js";
import type { Exposure, LockdownState } from "../../domain/rules/plan-nsg.js";
import type { Deps } from "../deps.js";
import { subscriptionsToSearch } from "../queries/find-vm.js";
import { reconcileNow } from "../reconcile/reconcile-now.js";
import { discoverVms } from "./discover-vms.js";

export interface LockdownReport {
  nsgId: string;
  lockdowns: LockdownState[];
  exposures: Exposure[];
  writes: number;
  error?: string;
}

/**
 * `ajar lockdown`: finds every covered VM now and reconciles each NSG on their paths at once, in this
 * process, reporting for every VM whether it is locked down (by ajar's rule or an existing deny from
 * anywhere) or not (no room for a deny, or an operator's allow-from-any above it).
 */
export async function lockdownVms(
  deps: Deps,
  signal?: AbortSignal,
): Promise<{ nsgs: LockdownReport[]; unresolved: string[]; errors: string[] }> {
  const nsgIds = new Map<string, string>();
  const unresolved: string[] = [];
  const errors: string[] = [];
  for (const subscriptionId of subscriptionsToSearch(deps)) {
    try {
      const snapshots = await deps.network.listSecurityGroups(subscriptionId, signal);
      const discovery = await discoverVms(
        deps,
        subscriptionId,
        snapshots.map((s) => s.id),
        signal,
      );
      unresolved.push(...discovery.unresolved.map((u) => `${u.vm}: ${u.reason}`));
      for (const id of [...snapshots.map((s) => s.id), ...discovery.changed]) {
        if ((await deps.nsgIndex.vms(id)).vms.length > 0) nsgIds.set(id.toLowerCase(), id);
      }
    } catch (error) {
      errors.push(`subscription ${subscriptionId}: ${errorMessage(error)}`);
    }
  }
  const nsgs: LockdownReport[] = [];
  for (const nsgId of nsgIds.values()) {
    try {
      const pass = await reconcileNow(deps, nsgId, signal);
      nsgs.push({ nsgId, ...pass });
    } catch (error) {
      nsgs.push({ nsgId, lockdowns: [], exposures: [], writes: 0, error: errorMessage(error) });
    }
  }
  return { nsgs, unresolved, errors };
}
