/** A lease on one NSG, held by whoever reconciles it; it lapses on its own if its holder dies. */
export interface NsgLease {
  release(): Promise<void>;
}

/**
 * ARM runs one operation per NSG at a time and a whole-NSG write must not race another writer, so
 * one process at a time reconciles an NSG.
 */
export interface NsgLock {
  /** The lease, or undefined when another process holds it. */
  tryAcquire(nsgId: string): Promise<NsgLease | undefined>;
}
