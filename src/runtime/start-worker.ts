import type { Worker } from "bullmq";
import { startGrantWorker } from "../adapters/bullmq/grant-worker.js";
import type { GrantJobData } from "../adapters/bullmq/job-names.js";
import { lockdownVms } from "../app/lockdown-vms.js";
import type { Runtime } from "./build-deps.js";
import { errorMessage } from "../domain/errors.js";

export interface WorkerProcess {
  worker: Worker<GrantJobData>;
  close(): Promise<void>;
}

export interface StartWorkerOptions {
  concurrency?: number;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** Run the lock-down pass before taking jobs (config `azure.lockdown.onStart`). */
  lockdown?: boolean;
}

/**
 * A worker process: the grant job processor plus the sweeper, which BullMQ's job scheduler runs once
 * per interval across all workers (not once per worker).
 */
export async function startWorker(runtime: Runtime, options: StartWorkerOptions = {}): Promise<WorkerProcess> {
  const { deps } = runtime;
  if (options.lockdown ?? deps.settings.lockdownOnStart) {
    try {
      const report = await lockdownVms(deps);
      deps.logger.info({ nsgs: report.length, changed: report.filter((r) => r.changed).length, errors: report.filter((r) => r.error).length }, "lock-down pass finished");
    } catch (error) {
      // Start anyway: grants still lock down their NSG before opening, and the pass runs again on demand.
      deps.logger.error({ err: errorMessage(error) }, "lock-down pass failed");
    }
  }
  const worker = startGrantWorker(deps, {
    connection: runtime.redis,
    prefix: runtime.bullPrefix,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.lockDurationMs !== undefined ? { lockDurationMs: options.lockDurationMs } : {}),
    ...(options.stalledIntervalMs !== undefined ? { stalledIntervalMs: options.stalledIntervalMs } : {}),
  });
  await runtime.queue.upsertJobScheduler(
    "sweep",
    { every: deps.settings.sweepEverySeconds * 1000 },
    { name: "sweep", data: { grantId: "" }, opts: { removeOnComplete: true, removeOnFail: 100 } },
  );
  await worker.waitUntilReady();
  return {
    worker,
    async close() {
      await worker.close();
    },
  };
}
