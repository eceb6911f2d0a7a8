import { Worker } from "node:worker_threads";

import type { Logger } from "../app/ports/logger.port.js";
import { errorMessage } from "../domain/errors.js";
import type { MetricsSnapshot } from "../observability/merged-metrics.js";
import type { FromThread, ToThread, WorkerThreadData } from "./worker-thread-data.js";

/** A thread that died is started again after this long (a crash loop then costs little). */
const RESTART_MS = 1000;
/** /metrics waits this long for the thread's counters, then fails rather than show them reset. */
const METRICS_TIMEOUT_MS = 5000;
/** Shutdown lets running jobs finish (BullMQ hands back the rest) for this long. */
const STOP_TIMEOUT_MS = 30_000;

export interface WorkerThread {
  /** Started and not exited: what readiness reports. */
  running(): boolean;
  /** The thread's counters and histograms; none while it is not running. */
  metrics(): Promise<MetricsSnapshot>;
  close(): Promise<void>;
}

/** Under tsx (a .ts entry) the thread needs tsx's loader registered before it loads anything. */
function spawn(entry: URL, data: WorkerThreadData): Worker {
  if (!entry.pathname.endsWith(".ts")) return new Worker(entry, { workerData: data });
  const tsx = import.meta.resolve("tsx/esm/api");
  const code = `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(entry.href)});`;
  return new Worker(code, { eval: true, workerData: data });
}

/**
 * Runs the worker side of `ajar all` in a worker thread started on the CLI's own entry file. Resolves
 * once the worker is ready, or rejects with why it could not start. A thread that dies later is
 * logged and started again.
 */
export function startWorkerThread(entry: URL, env: NodeJS.ProcessEnv, logger: Logger): Promise<WorkerThread> {
  let thread: Worker | undefined;
  let ready = false;
  let stopping = false;
  let nextId = 0;
  const waiting = new Map<number, (metrics: MetricsSnapshot) => void>();

  const start = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const current = spawn(entry, { ajar: "worker-thread", env: { ...env } });
      thread = current;
      current.on("message", (message: FromThread) => {
        if (message.type === "ready") {
          ready = true;
          resolve();
        } else if (message.type === "metrics") waiting.get(message.id)?.(message.metrics);
        // Its connections are closed: whatever else still holds its event loop is not worth waiting for.
        else void current.terminate();
      });
      current.on("error", (error) => {
        logger.error({ err: errorMessage(error) }, "the worker thread failed");
        reject(error);
      });
      current.on("exit", (code) => {
        const wasReady = ready;
        ready = false;
        thread = undefined;
        reject(new Error(`the worker thread exited (code ${code}) before it was ready`));
        if (stopping || !wasReady) return;
        logger.error({ code }, "the worker thread stopped; starting it again");
        setTimeout(() => void start().catch(() => undefined), RESTART_MS).unref();
      });
    });

  return start().then(() => ({
    running: () => ready,
    metrics() {
      const current = thread;
      if (!current || !ready) return Promise.resolve([]);
      const id = nextId++;
      return new Promise<MetricsSnapshot>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error("the worker thread did not report its metrics in time"));
        }, METRICS_TIMEOUT_MS);
        waiting.set(id, (metrics) => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve(metrics);
        });
        current.postMessage({ type: "metrics", id } satisfies ToThread);
      });
    },
    async close() {
      stopping = true;
      const current = thread;
      if (!current) return;
      const exited = new Promise<void>((resolve) => current.once("exit", () => resolve()));
      current.postMessage({ type: "stop" } satisfies ToThread);
      const timer = setTimeout(() => void current.terminate(), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  }));
}
