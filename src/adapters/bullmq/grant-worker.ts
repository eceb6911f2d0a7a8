import { UnrecoverableError, Worker, type ConnectionOptions, type Job } from "bullmq";

import type { Deps } from "../../app/deps.js";
import { errorMessage, isAjarError } from "../../domain/errors.js";
import { QUEUE_NAME, type GrantJobData, type JobName } from "./job-names.js";
import { JOBS, type JobSpec, type JobTable } from "./job-table.js";
import { GRANT_JOB_CONCURRENCY, grantBackoff, JOB_LOCK_MS, STALLED_CHECK_MS } from "./retry-policy.js";

export interface WorkerOptions {
  connection: ConnectionOptions;
  prefix: string;
  concurrency?: number;
  /** Shorter in tests so a killed worker's jobs are picked up quickly. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

/** What became of an attempt that threw: tried again, a final answer, or out of attempts. */
export type Verdict = { kind: "retry" } | { kind: "refused" | "exhausted"; reason: string };

/** Said when a job runs out of attempts on an error that has nothing better to say. */
export const GAVE_UP = "Azure kept failing; ajar gave up after several retries.";

/** A non-retryable AjarError is a final answer; anything else is tried again until the last attempt. */
export function judge(error: unknown, attempt: number, attempts: number): Verdict {
  if (isAjarError(error) && !error.retryable) return { kind: "refused", reason: error.userMessage };
  if (attempt < attempts) return { kind: "retry" };
  return { kind: "exhausted", reason: isAjarError(error) ? error.userMessage : GAVE_UP };
}

/** The grant worker on the job table every process uses. */
export function startGrantWorker(deps: Deps, options: WorkerOptions): Worker<GrantJobData> {
  return createGrantWorker(deps, options, JOBS);
}

/**
 * The only place a grant job gives up. The processor looks the job up in its table, runs it, and
 * turns what it threw into BullMQ's vocabulary: retry (rethrow), or give up (run `onGiveUp`, then
 * end the job). A refusal that was reported ends the job as done, as a refusal is the job's answer;
 * running out of attempts ends it as failed. An `onGiveUp` that throws is retried like the job.
 */
export function createGrantWorker<D extends Pick<Deps, "logger">>(
  deps: D,
  options: WorkerOptions,
  jobs: JobTable<D>,
): Worker<GrantJobData> {
  const specOf = (name: string): JobSpec<D> | undefined =>
    Object.hasOwn(jobs, name) ? jobs[name as JobName] : undefined;
  const worker = new Worker<GrantJobData>(
    QUEUE_NAME,
    async (job, _token, signal) => {
      const spec = specOf(job.name);
      if (!spec) throw new UnrecoverableError(`no such grant job: ${job.name}`);
      await processJob(deps, spec, job, signal);
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      // Jobs wait on ARM, Slack and Redis, not on this CPU. At 8, a steady 5 requests a second against
      // a flaky ARM (SDK retries of ~1 s) queued authorizations and opens for a minute and more.
      concurrency: options.concurrency ?? GRANT_JOB_CONCURRENCY,
      lockDuration: options.lockDurationMs ?? JOB_LOCK_MS,
      stalledInterval: options.stalledIntervalMs ?? STALLED_CHECK_MS,
      maxStalledCount: 1000,
      settings: {
        backoffStrategy: (attemptsMade, _type, error, job) =>
          (specOf(job?.name ?? "")?.backoff ?? grantBackoff)(attemptsMade, error),
      },
    },
  );
  worker.on("failed", (job, error) => {
    deps.logger.warn(
      { grantId: job?.data.grantId, job: job?.name, attempt: job?.attemptsMade, err: error.message },
      "job attempt failed",
    );
  });
  worker.on("error", (error) => deps.logger.error({ err: error.message }, "worker error"));
  return worker;
}

async function processJob<D extends Pick<Deps, "logger">>(
  deps: D,
  spec: JobSpec<D>,
  job: Job<GrantJobData>,
  signal?: AbortSignal,
): Promise<void> {
  const { grantId } = job.data;
  try {
    await spec.run(deps, grantId, signal, job.data);
  } catch (error) {
    const attempt = job.attemptsMade + 1;
    const verdict = judge(error, attempt, job.opts.attempts ?? spec.attempts);
    const log = deps.logger.child({ grantId, job: spec.name });
    const fields = { attempt, err: errorMessage(error) };
    if (verdict.kind === "retry") {
      log.warn({ ...fields, retryable: true }, "job failed");
      throw error;
    }
    log[verdict.kind === "refused" ? "info" : "warn"](
      { ...fields, retryable: verdict.kind !== "refused" },
      "job gave up",
    );
    // Nothing is lost: a grant that cannot proceed is reported, never left hanging.
    await spec.onGiveUp?.(deps, grantId, verdict.reason);
    if (verdict.kind === "refused" && spec.onGiveUp) return;
    throw new UnrecoverableError(verdict.reason);
  }
}
