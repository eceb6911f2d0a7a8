import type { JobsOptions } from "bullmq";

import type { JobName } from "./job-names.js";
import { JOBS, RECONCILE_JOB } from "./job-table.js";

/**
 * How a grant job is queued: its row of the job table says how often it is tried. The worker picks
 * each job's backoff from the table by name; the type only has to be custom. Completed jobs are
 * removed so a fixed id can be enqueued again later.
 */
export function grantJobOptions(name: Exclude<JobName, "sweep">, id: string): JobsOptions {
  return {
    jobId: id,
    attempts: JOBS[name].attempts,
    backoff: { type: "ajar" },
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

/** An NSG reconcile: tried until it succeeds (see RECONCILE_JOB), gone once done. */
export function reconcileJobOptions(id: string): JobsOptions {
  return {
    jobId: id,
    attempts: RECONCILE_JOB.attempts,
    backoff: { type: "reconcile" },
    removeOnComplete: true,
    removeOnFail: { age: 24 * 3600 },
  };
}
