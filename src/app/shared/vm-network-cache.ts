import type { NetworkAccess, VmNetwork } from "../../domain/ports/network-access.port.js";

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
  const cache = new Map<string, { at: number; value: Promise<VmNetwork> }>();
  return {
    ...network,
    resolveVmNetwork(vmId, signal) {
      const key = vmId.toLowerCase();
      const hit = cache.get(key);
      if (hit && now() - hit.at < ttlMs) return hit.value;
      const value = network.resolveVmNetwork(vmId, signal);
      cache.delete(key);
      cache.set(key, { at: now(), value });
      value.catch(() => cache.get(key)?.value === value && cache.delete(key));
      // Oldest first: Map keeps insertion order.
      while (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
      return value;
    },
  };
}
