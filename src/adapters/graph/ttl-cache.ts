import { ExpiringMap } from "../../domain/time/expiring-map.js";

/** People and groups asked about within the TTL; more than this and the oldest go. */
const MAX_ENTRIES = 5000;

/** Values kept for a while (at most MAX_ENTRIES); loads in flight are shared; failures are never kept. */
export class TtlCache {
  private readonly values: ExpiringMap<string, { value: unknown }>;
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(ttlMs: number, now: () => number = Date.now) {
    this.values = new ExpiringMap(ttlMs, MAX_ENTRIES, now);
  }

  /** `fresh` skips both the kept value and a load in flight, and keeps what it reads. */
  async get<T>(key: string, load: () => Promise<T>, options: { fresh?: boolean } = {}): Promise<T> {
    if (!options.fresh) {
      const hit = this.values.get(key);
      if (hit) return hit.value as T;
      const running = this.inflight.get(key);
      if (running) return running as Promise<T>;
    }
    const promise = load().then(
      (value) => {
        this.values.set(key, { value });
        if (this.inflight.get(key) === promise) this.inflight.delete(key);
        return value;
      },
      (error: unknown) => {
        if (this.inflight.get(key) === promise) this.inflight.delete(key);
        throw error;
      },
    );
    if (!options.fresh) this.inflight.set(key, promise);
    return promise;
  }
}
