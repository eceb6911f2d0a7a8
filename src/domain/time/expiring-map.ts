/**
 * A map that forgets, for caches: an entry is not returned once `ttlMs` old, and past `maxEntries`
 * the oldest entry goes first, so a cache holds at most that many however many keys it is asked
 * for. Expired entries are also dropped as new ones come in.
 */
export class ExpiringMap<K, V> {
  private readonly entries = new Map<K, { at: number; value: V }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (this.now() - entry.at < this.ttlMs) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: K, value: V): void {
    const now = this.now();
    // Map keeps insertion order: re-inserting puts the key last, and the first entries are the oldest.
    this.entries.delete(key);
    this.entries.set(key, { at: now, value });
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && now - entry.at < this.ttlMs) break;
      this.entries.delete(oldest);
    }
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
