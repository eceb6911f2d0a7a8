import { DelayedError, Worker, type ConnectionOptions } from "bullmq";

import type { Deps } from "../../app/deps.js";
import { reconcilePoint } from "../../app/reconcile/reconcile-point.js";
import { errorMessage } from "../../domain/errors.js";
import { RECONCILE_QUEUE_NAME, type ReconcileJobData } from "./job-names.js";
import { RECONCILE_JOB } from "./job-table.js";
import { JOB_LOCK_MS, STALLED_CHECK_MS } from "./retry-policy.js";

/** How soon a request that found the NSG leased by another process looks again. */
const BUSY_RETRY_MS = 150;

export interface ReconcileWorkerOptions {
  connection: ConnectionOptions;
  prefix: string;
  concurrency?: number;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

/**
 * Runs the converger with reconcile passes that do not wait for their grants to settle before the
 * next pass, then waits for every settle before reporting the work done.
 */
async function runPasses<T>(
  deps: Deps,
  converge: (pass: (nsgId: string) => Promise<void>) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const settling: Promise<void>[] = [];
  const outcome = await converge(async (id) => {
    settling.push((await reconcilePoint(deps, id, signal)).settled);
  });
  await Promise.all(settling);
  return outcome;
}

/** Thin: a job names an NSG and what must be covered; the converger decides whether a pass is needed. */
export function startReconcileWorker(deps: Deps, options: ReconcileWorkerOptions): Worker<ReconcileJobData> {
  const worker = new Worker<ReconcileJobData>(
    RECONCILE_QUEUE_NAME,
    async (job, token, signal) => {
      const { nsgId, generation, notBefore } = job.data;
      const need = {
        ...(generation !== undefined ? { generation } : {}),
        ...(notBefore !== undefined ? { notBefore } : {}),
      };
      const outcome = await runPasses(deps, (pass) => deps.converger.converge(nsgId, need, pass), signal);
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
      settings: { backoffStrategy: (attemptsMade, _type, error) => RECONCILE_JOB.backoff(attemptsMade, error) },
    },
  );
  worker.on("failed", (job, error) => {
    if (error instanceof DelayedError) return;
    deps.logger.warn(
      { nsgId: job?.data.nsgId, attempt: job?.attemptsMade, err: errorMessage(error) },
      "NSG reconcile failed; will retry",
    );
  });
  worker.on("error", (error) => deps.logger.error({ err: error.message }, "reconcile worker error"));
  return worker;
}
