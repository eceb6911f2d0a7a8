import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";

import type { Logger } from "../app/ports/logger.port.js";
import { errorMessage } from "../domain/errors.js";
import { startWorker } from "../runtime/start-worker.js";
import { openRuntime } from "./open-runtime.js";
import { isWorkerThreadData, type FromThread, type ToThread } from "./worker-thread-data.js";

/**
 * Lowers this thread's CPU priority. On Linux niceness is per thread, so the Slack side keeps its
 * own: when both want the CPU (one core, or a busy host) its answers go first, and the worker still
 * gets all the CPU nobody else wants. Measured with one core: /jit answered in p50 4 ms, p99 15 ms
 * against 7 ms and 28 ms at equal priority (bench/command-path.ts, BENCH_AJAR_CPUS=1). Elsewhere
 * it would lower the whole process, so it is left alone.
 */
const WORKER_NICENESS = 10;

function yieldToSlackSide(logger: Logger): void {
  if (process.platform !== "linux") return;
  try {
    setPriority(WORKER_NICENESS);
  } catch (error) {
    logger.warn({ err: errorMessage(error) }, "could not lower the worker thread's CPU priority");
  }
}

/**
 * The worker side of `ajar all`, in its own thread: its own event loop, heap and Redis connections,
 * so reconciling hundreds of grants never delays a Slack answer on the main thread. Its counters are
 * sent to the main thread for /metrics; the process-wide figures are the main thread's.
 */
export async function runWorkerThread(): Promise<void> {
  const port = parentPort;
  if (!port || !isWorkerThreadData(workerData)) throw new Error("not started as ajar's worker thread");
  const { runtime } = openRuntime(workerData.env, { workerThread: true });
  yieldToSlackSide(runtime.deps.logger);
  const worker = await startWorker(runtime);
  port.on("message", (message: ToThread) => {
    if (message.type === "metrics") {
      runtime.metrics.registry.getMetricsAsJSON().then(
        (metrics) => port.postMessage({ type: "metrics", id: message.id, metrics } satisfies FromThread),
        (error: unknown) =>
          runtime.deps.logger.warn({ err: errorMessage(error) }, "could not read the worker's metrics"),
      );
      return;
    }
    void (async () => {
      await worker.close();
      await runtime.close();
      port.postMessage({ type: "stopped" } satisfies FromThread);
      port.close();
    })();
  });
  port.postMessage({ type: "ready" } satisfies FromThread);
}
