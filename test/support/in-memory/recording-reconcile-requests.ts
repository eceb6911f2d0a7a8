import type { Deps } from "../../../src/app/deps.js";
import type { ReconcileRequests } from "../../../src/app/ports/reconcile-requests.port.js";
import { reconcilePoint } from "../../../src/app/reconcile/reconcile-point.js";

export interface ReconcileCall {
  nsgId: string;
  /** ISO instant for a reconcile at a grant's end; absent for "now". */
  at?: string;
}

/**
 * Reconcile requests kept instead of queued. `runPending` plays the reconcile worker: one pass per NSG
 * asked for "now", until no pass asks for more, each awaited to the end (grants settled).
 */
export class RecordingReconcileRequests implements ReconcileRequests {
  readonly calls: ReconcileCall[] = [];
  private pending = new Map<string, string>();

  async request(nsgIds: string[], at?: Date): Promise<void> {
    for (const nsgId of nsgIds) {
      this.calls.push({ nsgId, ...(at ? { at: at.toISOString() } : {}) });
      if (!at) this.pending.set(nsgId.toLowerCase(), nsgId);
    }
  }

  /** NSGs asked for "now" whose pass has not run yet. */
  waiting(): string[] {
    return [...this.pending.values()];
  }

  /** Instants each NSG is to be reconciled at (grant ends), as `nsgId@at`. */
  scheduled(): string[] {
    return [...new Set(this.calls.filter((c) => c.at).map((c) => `${c.nsgId}@${c.at}`))];
  }

  async runPending(deps: Deps, maxRounds = 5): Promise<number> {
    let passes = 0;
    for (let round = 0; round < maxRounds && this.pending.size > 0; round++) {
      const batch = [...this.pending.values()];
      this.pending = new Map();
      for (const nsgId of batch) {
        const result = await reconcilePoint(deps, nsgId);
        await result.settled;
        passes++;
      }
    }
    return passes;
  }
}
