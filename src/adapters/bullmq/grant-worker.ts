import { UnrecoverableError, Worker, type ConnectionOptions, type Job } from "bullmq";
import { announceById } from "../../app/jobs/announce-grant.js";
import { authorizeGrant, rejectGrant } from "../../app/jobs/authorize-grant.js";
import type { Deps } from "../../app/deps.js";
import { expirePending } from "../../app/jobs/expire-pending.js";
import { failGrant } from "../../app/shared/fail-grant.js";
import { notifyExpiringSoon } from "../../app/jobs/notify-expiring-soon.js";
import { openGrant } from "../../app/jobs/open-grant.js";
import { verifyPathById } from "../../app/jobs/verify-path.js";
import { remindApprovers } from "../../app/jobs/remind-approvers.js";
import { sweep } from "../../app/jobs/sweep.js";
import { isAjarError, errorMessage } from "../../domain/errors.js";
import { QUEUE_NAME, type GrantJobData, type JobName } from "./job-names.js";
import { backoffStrategy, GRANT_JOB_CONCURRENCY, JOB_LOCK_MS, STALLED_CHECK_MS } from "./retry-policy.js";

export interface WorkerOptions {
  connection: ConnectionOptions;
  prefix: string;
  concurrency?: number;
  /** Shorter in tests so a killed worker's jobs are picked up quickly. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

/**
 * The job processor stays thin: it maps a job to its use case and turns the use case's verdict into
 * BullMQ's vocabulary (retry, give up, come back later).
 */
export function startGrantWorker(deps: Deps, options: WorkerOptions): Worker<GrantJobData> {
  const worker = new Worker<GrantJobData>(QUEUE_NAME, (job, _token, signal) => processJob(deps, job, signal), {
    connection: options.connection,
    prefix: options.prefix,
    // Jobs wait on ARM, Slack and Redis, not on this CPU. At 8, a steady 5 requests a second against
    // a flaky ARM (SDK retries of ~1 s) queued authorizations and opens for a minute and more.
    concurrency: options.concurrency ?? GRANT_JOB_CONCURRENCY,
    lockDuration: options.lockDurationMs ?? JOB_LOCK_MS,
    stalledInterval: options.stalledIntervalMs ?? STALLED_CHECK_MS,
    maxStalledCount: 1000,
    settings: { backoffStrategy },
  });
  worker.on("failed", (job, error) => {
    deps.logger.warn({ grantId: job?.data.grantId, job: job?.name, attempt: job?.attemptsMade, err: error.message }, "job attempt failed");
  });
  worker.on("error", (error) => deps.logger.error({ err: error.message }, "worker error"));
  return worker;
}

async function processJob(deps: Deps, job: Job<GrantJobData>, signal?: AbortSignal): Promise<void> {
  const name = job.name as JobName;
  const { grantId } = job.data;
  const log = deps.logger.child({ grantId, job: name });
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  try {
    switch (name) {
      case "authorize":
        return await authorizeGrant(deps, grantId, signal);
      case "open":
        return await openGrant(deps, grantId, signal);
      case "announce":
        await announceById(deps, grantId, job.data.notice);
        // Once every rule landed, prove the path: "opened, but blocked by …" beats a plain "open".
        if (job.data.notice === "opened") await verifyPathById(deps, grantId, signal);
        return;
      case "expire-pending":
        await expirePending(deps, grantId);
        return;
      case "remind":
        return await remindApprovers(deps, grantId, job.data.round ?? 1);
      case "expiry-notice":
        return await notifyExpiringSoon(deps, grantId);
      case "sweep": {
        const report = await sweep(deps, signal);
        log.info({ nsgsScanned: report.nsgsScanned, reconciles: report.reconciles.length, requeued: report.grantsRequeued, failed: report.grantsFailed, errors: report.errors }, "sweep finished");
        return;
      }
    }
  } catch (error) {
    const retryable = !isAjarError(error) || error.retryable;
    log.warn({ attempt: job.attemptsMade + 1, retryable, err: errorMessage(error) }, "job failed");
    if (!retryable || lastAttempt) {
      // Nothing is lost: a grant that cannot proceed is reported, never left hanging.
      const reason = isAjarError(error) ? error.userMessage : "Azure kept failing; ajar gave up after several retries.";
      if (name === "authorize") await rejectGrant(deps, grantId, reason);
      if (name === "open") await failGrant(deps, grantId, reason);
      throw new UnrecoverableError(reason);
    }
    throw error;
  }
}
