import type { NsgLock } from "../ports/nsg-lock.port.js";
import type { ReconcileMarks } from "../ports/reconcile-requests.port.js";

/** What a reconcile request needs covered: a pass that saw its generation, or that started after an instant. */
export interface ReconcileNeed {
  generation?: number;
  notBefore?: number;
}

export type ConvergeOutcome = "done" | "busy-elsewhere";

const MAX_COALESCE_MS = 300;

interface Runner {
  promise: Promise<void>;
}

/**
 * Runs passes over one NSG until no request is left uncovered. Within a process, requests for an NSG
 * that is being reconciled wait for the running loop (which goes round again while requests keep
 * arriving) instead of starting their own; across processes, the NSG's lease decides who runs, and a
 * request that finds it taken is retried shortly by its job, by which time the holder has usually
 * covered it. So a burst of events on one NSG costs one or two passes, and none is lost.
 */
export class NsgConverger {
  private readonly runners = new Map<string, Runner>();

  constructor(
    private readonly lock: NsgLock,
    private readonly marks: ReconcileMarks,
    private readonly now: () => number,
    private readonly coalesceMs: number,
  ) {}

  /** A new request for the NSG, to be covered by a pass that starts from now on. */
  bump(nsgId: string): Promise<number> {
    return this.marks.bump(nsgId);
  }

  async converge(nsgId: string, need: ReconcileNeed, pass: (nsgId: string) => Promise<void>): Promise<ConvergeOutcome> {
    const key = nsgId.toLowerCase();
    for (;;) {
      if (await this.covered(nsgId, need)) return "done";
      const running = this.runners.get(key);
      if (running) {
        await running.promise;
        continue;
      }
      const lease = await this.lock.tryAcquire(nsgId);
      if (!lease) {
        // Someone took it between our check and the acquire: in this process, wait for them.
        if (this.runners.has(key)) continue;
        return "busy-elsewhere";
      }
      const runner: Runner = { promise: this.loop(nsgId, pass).finally(() => lease.release()) };
      this.runners.set(key, runner);
      try {
        await runner.promise;
      } finally {
        if (this.runners.get(key) === runner) this.runners.delete(key);
      }
    }
  }

  private async covered(nsgId: string, need: ReconcileNeed): Promise<boolean> {
    const done = await this.marks.done(nsgId);
    return (
      (need.generation === undefined || done.generation >= need.generation) &&
      (need.notBefore === undefined || done.startedAt >= need.notBefore)
    );
  }

  /**
   * Before the first read, wait until requests stop arriving for `coalesceMs` (a burst of approvals
   * lands over a few hundred milliseconds), but never longer than MAX_COALESCE_MS: one grant alone
   * waits only the quiet window.
   */
  private async settleDown(nsgId: string): Promise<void> {
    if (this.coalesceMs <= 0) return;
    const deadline = this.now() + MAX_COALESCE_MS;
    let seen = await this.marks.generation(nsgId);
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, this.coalesceMs));
      const now = await this.marks.generation(nsgId);
      if (now === seen || this.now() >= deadline) return;
      seen = now;
    }
  }

  private async loop(nsgId: string, pass: (nsgId: string) => Promise<void>): Promise<void> {
    await this.settleDown(nsgId);
    for (;;) {
      const generation = await this.marks.generation(nsgId);
      const startedAt = this.now();
      await pass(nsgId);
      await this.marks.markDone(nsgId, generation, startedAt);
      if ((await this.marks.generation(nsgId)) === generation) return;
    }
  }
}
