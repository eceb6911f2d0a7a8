import type { NsgLease, NsgLock } from "../../../src/app/ports/nsg-lock.port.js";
import type { ReconcileMarks } from "../../../src/app/ports/reconcile-requests.port.js";

/** One holder per NSG; `held` lets a test play the other process that holds a lease. */
export class MemoryNsgLock implements NsgLock {
  readonly held = new Set<string>();

  async tryAcquire(nsgId: string): Promise<NsgLease | undefined> {
    const key = nsgId.toLowerCase();
    if (this.held.has(key)) return undefined;
    this.held.add(key);
    return { release: async () => void this.held.delete(key) };
  }
}

/** The generation bookkeeping behind reconcile requests. */
export class MemoryReconcileMarks implements ReconcileMarks {
  private readonly generations = new Map<string, number>();
  private readonly finished = new Map<string, { generation: number; startedAt: number }>();

  async bump(nsgId: string): Promise<number> {
    const next = (this.generations.get(nsgId.toLowerCase()) ?? 0) + 1;
    this.generations.set(nsgId.toLowerCase(), next);
    return next;
  }

  async generation(nsgId: string): Promise<number> {
    return this.generations.get(nsgId.toLowerCase()) ?? 0;
  }

  async done(nsgId: string): Promise<{ generation: number; startedAt: number }> {
    return this.finished.get(nsgId.toLowerCase()) ?? { generation: -1, startedAt: 0 };
  }

  async markDone(nsgId: string, generation: number, startedAt: number): Promise<void> {
    this.finished.set(nsgId.toLowerCase(), { generation, startedAt });
  }
}
