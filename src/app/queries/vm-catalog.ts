import type { VmSummary } from "../../domain/ports/network-access.port.js";
import type { Deps } from "../deps.js";
import { subscriptionsToSearch } from "./find-vm.js";

/** Every VM ajar can see in the subscriptions it searches. */
export type VmCatalog = (signal?: AbortSignal) => Promise<VmSummary[]>;

/** A list older than its TTL is still answered with (and refreshed behind) up to this many TTLs. */
const STALE_TTLS = 10;

/**
 * The VM list, cached: Slack asks for picker options on every keystroke, help and several-VM
 * requests must answer within 3 seconds, and listing VMs across subscriptions is one of ARM's slower
 * calls. Once listed, a caller never waits for ARM again while the list is younger than STALE_TTLS
 * TTLs: a list past its TTL is answered with and refreshed in the background. Concurrent callers
 * share one in-flight listing; a failed listing is not cached.
 */
export function createVmCatalog(deps: Pick<Deps, "settings" | "network" | "clock">, ttlMs = 30_000): VmCatalog {
  let cached: { at: number; vms: VmSummary[] } | undefined;
  let inFlight: Promise<VmSummary[]> | undefined;
  const list = (signal?: AbortSignal): Promise<VmSummary[]> =>
    (inFlight ??= deps.network
      .listVms(subscriptionsToSearch(deps), signal)
      .then((vms) => {
        cached = { at: deps.clock.now().getTime(), vms };
        return vms;
      })
      .finally(() => {
        inFlight = undefined;
      }));
  return async (signal) => {
    const age = cached ? deps.clock.now().getTime() - cached.at : Infinity;
    if (age < ttlMs) return cached!.vms;
    if (age < ttlMs * STALE_TTLS) {
      // Nobody waits on it: a caller's abort must not cancel it, and a failure only means the next try.
      list().catch(() => undefined);
      return cached!.vms;
    }
    return list(signal);
  };
}
