import type { GrantStore } from "../app/ports/grant-store.port.js";
import { OPEN_STATUSES } from "../domain/grant/grant.js";
import type { MetricsSources } from "./metrics.js";

/** Unfinished grants by status, every status present (0 when none) so dashboards show flat lines, not gaps. */
export function openGrantCounter(store: GrantStore): () => Promise<Record<string, number>> {
  return async () => {
    // Counted by the store from its index of unfinished grants: no grant is read on a scrape.
    const counts = await store.countOpen();
    return Object.fromEntries(OPEN_STATUSES.map((s) => [s, counts[s] ?? 0]));
  };
}

/** BullMQ's own per-state counts (waiting, active, delayed, failed, …). */
export function queueJobCounter(queue: {
  getJobCounts(): Promise<Record<string, number>>;
}): () => Promise<Record<string, number>> {
  return () => queue.getJobCounts();
}

/** The two scrape-time sources of a runtime: its grant store and its job queue. */
export function runtimeSources(runtime: {
  deps: { store: GrantStore };
  queue: { getJobCounts(): Promise<Record<string, number>> };
}): MetricsSources {
  return { openGrants: openGrantCounter(runtime.deps.store), queueJobs: queueJobCounter(runtime.queue) };
}
