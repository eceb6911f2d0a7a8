/**
 * Level-triggered changes: an event records what it changed on the grant first, then asks for each
 * affected NSG to be reconciled, now or at an instant (a grant's end). Requests that arrive while an
 * NSG is being reconciled are served by one more pass, never lost.
 */
export interface ReconcileRequests {
  request(nsgIds: string[], at?: Date): Promise<void>;
}

/** The bookkeeping behind that promise: a generation bumped per request, and what the last pass covered. */
export interface ReconcileMarks {
  bump(nsgId: string): Promise<number>;
  generation(nsgId: string): Promise<number>;
  done(nsgId: string): Promise<{ generation: number; startedAt: number }>;
  markDone(nsgId: string, generation: number, startedAt: number): Promise<void>;
}
