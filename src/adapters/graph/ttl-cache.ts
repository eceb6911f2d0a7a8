const PRUNE_ABOVE = 5000;

/** Values kept for a while; loads in flight are shared; failures are never kept. */
export class TtlCache {
  private readonly values = new Map<string, { at: number; value: unknown }>();
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** `fresh` skips both the kept value and a load in flight, and keeps what it reads. */
  async get<T>(key: string, load: () => Promise<T>, options: { fresh?: boolean } = {}): Promise<T> {
    if (!options.fresh) {
      const hit = this.values.get(key);
      if (hit && this.now() - hit.at < this.ttlMs) return hit.value as T;
      const running = this.inflight.get(key);
      if (running) return running as Promise<T>;
    }
    const promise = load().then(
      (value) => {
        this.remember(key, value);
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

  private remember(key: string, value: unknown): void {
    const now = this.now();
    // Bounded by the people and groups ajar is asked about; expired entries go once it grows.
    if (this.values.size > PRUNE_ABOVE)
      for (const [k, v] of this.values) if (now - v.at >= this.ttlMs) this.values.delete(k);
    this.values.set(key, { at: now, value });
  }
}
