import type { Worker } from "bullmq";

import { startDuePoller } from "../adapters/bullmq/due-poller.js";
import { startGrantWorker } from "../adapters/bullmq/grant-worker.js";
import type { GrantJobData, ReconcileJobData } from "../adapters/bullmq/job-names.js";
import { startReconcileWorker } from "../adapters/bullmq/reconcile-worker.js";
import { RedisIntakeDrain } from "../adapters/redis/redis-intake-drain.js";
import type { Runtime } from "./build-runtime.js";

export interface WorkerProcess {
  worker: Worker<GrantJobData>;
  reconcileWorker: Worker<ReconcileJobData>;
  close(): Promise<void>;
}

export interface StartWorkerOptions {
  concurrency?: number;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** Sweep (discover and lock down covered VMs) right away, in the background (config `azure.lockdown.onStart`). */
  lockdown?: boolean;
}

/**
 * A worker process: grant jobs, NSG reconciles, the intake drain (new requests to their jobs), and
 * the sweeper, which BullMQ's job scheduler runs once per interval across all workers. Start-up never waits on Azure: the first sweep (lock-down of
 * every covered VM) is queued like any job, so a restart under a flaky ARM still serves at once.
 */
export async function startWorker(runtime: Runtime, options: StartWorkerOptions = {}): Promise<WorkerProcess> {
  const { deps } = runtime;
  const common = {
    connection: runtime.redis,
    prefix: runtime.bullPrefix,
    ...(options.lockDurationMs !== undefined ? { lockDurationMs: options.lockDurationMs } : {}),
    ...(options.stalledIntervalMs !== undefined ? { stalledIntervalMs: options.stalledIntervalMs } : {}),
  };
  const worker = startGrantWorker(deps, {
    ...common,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
  });
  const reconcileWorker = startReconcileWorker(deps, common);
  // Work scheduled for later (grants' ends, reminders, heads-ups) becomes jobs here when it is due.
  const due = startDuePoller(runtime.due, { grants: runtime.queue, reconciles: runtime.reconcileQueue }, deps.logger);
  const every = deps.settings.sweepEverySeconds * 1000;
  // The scheduler's first sweep runs at once: that is the start-up lock-down, unless it is switched off.
  const atStart = options.lockdown ?? deps.settings.lockdownOnStart;
  await runtime.queue.upsertJobScheduler(
    "sweep",
    { every, ...(atStart ? {} : { startDate: new Date(deps.clock.now().getTime() + every) }) },
    { name: "sweep", data: { grantId: "" }, opts: { removeOnComplete: true, removeOnFail: 100 } },
  );
  await Promise.all([worker.waitUntilReady(), reconcileWorker.waitUntilReady()]);
  // New requests reach the queue through the intake; what a stopped worker left half-moved goes first.
  const intake = new RedisIntakeDrain(runtime.redis, runtime.prefix, deps.jobs, deps.logger);
  await intake.start();
  return {
    worker,
    reconcileWorker,
    async close() {
      await Promise.all([due.stop(), intake.stop()]);
      await Promise.all([worker.close(), reconcileWorker.close()]);
    },
  };
}
