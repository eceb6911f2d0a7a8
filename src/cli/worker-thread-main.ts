import { parentPort, workerData } from "node:worker_threads";

import { errorMessage } from "../domain/errors.js";
import { startWorker } from "../runtime/start-worker.js";
import { openRuntime } from "./open-runtime.js";
import { isWorkerThreadData, type FromThread, type ToThread } from "./worker-thread-data.js";

/**
 * The worker side of `ajar all`, in its own thread: its own event loop, heap and Redis connections,
 * so reconciling hundreds of grants never delays a Slack answer on the main thread. Its counters are
 * sent to the main thread for /metrics; the process-wide figures are the main thread's.
 */
export async function runWorkerThread(): Promise<void> {
  const port = parentPort;
  if (!port || !isWorkerThreadData(workerData)) throw new Error("not started as ajar's worker thread");
  const { runtime } = openRuntime(workerData.env, { workerThread: true });
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
