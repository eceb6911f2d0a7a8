import type { VmSummary } from "../../domain/ports/network-access.port.js";
import type { Deps } from "../deps.js";
import { subscriptionsToSearch } from "./find-vm.js";

/** Every VM ajar can see in the subscriptions it searches. */
export type VmCatalog = (signal?: AbortSignal) => Promise<VmSummary[]>;

/**
 * The VM list, cached for a short while: Slack asks for picker options on every keystroke and wants
 * an answer within 3 seconds, while listing VMs across subscriptions is one of ARM's slower calls.
 * Concurrent callers share one in-flight listing; a failed listing is not cached.
 */
export function createVmCatalog(deps: Pick<Deps, "settings" | "network" | "clock">, ttlMs = 30_000): VmCatalog {
  let cached: { at: number; vms: VmSummary[] } | undefined;
  let inFlight: Promise<VmSummary[]> | undefined;
  return async (signal) => {
    const now = deps.clock.now().getTime();
    if (cached && now - cached.at < ttlMs) return cached.vms;
    inFlight ??= deps.network
      .listVms(subscriptionsToSearch(deps), signal)
      .then((vms) => {
        cached = { at: deps.clock.now().getTime(), vms };
        return vms;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}
