import type { NetworkAccess, VmNetwork } from "../../domain/ports/network-access.port.js";
import { ExpiringMap } from "../../domain/time/expiring-map.js";

/**
 * A burst of grants on a few VMs would resolve the same VM → NIC → subnet chain once per grant; ARM
 * reads are slow and rate-limited, and a VM's network changes rarely. Resolutions are kept briefly
 * (bounded in count), concurrent callers share one, and a failed one is not kept.
 */
export function cacheVmNetworks(
  network: NetworkAccess,
  now: () => number,
  ttlMs = 30_000,
  maxEntries = 2_000,
): NetworkAccess {
  const cache = new ExpiringMap<string, Promise<VmNetwork>>(ttlMs, maxEntries, now);
  return {
    ...network,
    resolveVmNetwork(vmId, signal) {
      const key = vmId.toLowerCase();
      const hit = cache.get(key);
      if (hit) return hit;
      const value = network.resolveVmNetwork(vmId, signal);
      cache.set(key, value);
      value.catch(() => cache.get(key) === value && cache.delete(key));
      return value;
    },
  };
}
