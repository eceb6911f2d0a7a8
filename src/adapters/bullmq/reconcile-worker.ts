import { DelayedError, Worker, type BackoffStrategy, type ConnectionOptions } from "bullmq";
import type { Deps } from "../../app/deps.js";
import { reconcileNsg } from "../../app/reconcile/reconcile-nsg.js";
import { errorMessage, isAjarError } from "../../domain/errors.js";
import { RECONCILE_QUEUE_NAME, type ReconcileJobData } from "./job-names.js";
import { JOB_LOCK_MS, STALLED_CHECK_MS } from "./retry-policy.js";

/** How soon a request that found the NSG leased by another process looks again. */
const BUSY_RETRY_MS = 150;

/** Closing must not wait minutes behind a long backoff: retries stay within seconds, or what ARM asks. */
export const reconcileBackoff: BackoffStrategy = (attemptsMade, _type, err) => {
  const exponential = Math.min(5_000, 200 * 2 ** Math.max(0, attemptsMade - 1));
  const hinted = isAjarError(err) && err.retryAfterMs ? Math.min(err.retryAfterMs, 30_000) : 0;
  return Math.max(exponential, hinted) + Math.floor(Math.random() * 100);
};

export interface ReconcileWorkerOptions {
  connection: ConnectionOptions;
  prefix: string;
  concurrency?: number;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

/** Thin: a job names an NSG and what must be covered; the converger decides whether a pass is needed. */
export function startReconcileWorker(deps: Deps, options: ReconcileWorkerOptions): Worker<ReconcileJobData> {
  const worker = new Worker<ReconcileJobData>(
    RECONCILE_QUEUE_NAME,
    async (job, token, signal) => {
      const { nsgId, generation, notBefore } = job.data;
      const outcome = await deps.converger.converge(nsgId, { ...(generation !== undefined ? { generation } : {}), ...(notBefore !== undefined ? { notBefore } : {}) }, (id) =>
        reconcileNsg(deps, id, signal).then(() => undefined),
      );
      if (outcome === "busy-elsewhere") {
        await job.moveToDelayed(Date.now() + BUSY_RETRY_MS + Math.floor(Math.random() * 50), token);
        throw new DelayedError();
      }
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      // Passes wait on ARM, not on this CPU; requests for one NSG wait on its single running pass.
      concurrency: options.concurrency ?? 64,
      lockDuration: options.lockDurationMs ?? JOB_LOCK_MS,
      stalledInterval: options.stalledIntervalMs ?? STALLED_CHECK_MS,
      maxStalledCount: 1000,
      settings: { backoffStrategy: reconcileBackoff },
    },
  );
  worker.on("failed", (job, error) => {
    if (error instanceof DelayedError) return;
    deps.logger.warn({ nsgId: job?.data.nsgId, attempt: job?.attemptsMade, err: errorMessage(error) }, "NSG reconcile failed; will retry");
  });
  worker.on("error", (error) => deps.logger.error({ err: error.message }, "reconcile worker error"));
  return worker;
}
