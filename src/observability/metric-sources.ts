import type { GrantStore } from "../app/ports/grant-store.port.js";
import { OPEN_STATUSES } from "../domain/grant/grant.js";
import type { MetricsSources } from "./metrics.js";

/** Unfinished grants by status, every status present (0 when none) so dashboards show flat lines, not gaps. */
export function openGrantCounter(store: GrantStore): () => Promise<Record<string, number>> {
  return async () => {
    const counts: Record<string, number> = Object.fromEntries(OPEN_STATUSES.map((s) => [s, 0]));
    // The store answers this from its set of unfinished grants, not by scanning history.
    const grants = await store.list({ statuses: [...OPEN_STATUSES], limit: 10_000 });
    for (const grant of grants) if (grant.status in counts) counts[grant.status] = (counts[grant.status] ?? 0) + 1;
    return counts;
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
