import { errorMessage } from "../../domain/errors.js";
import { mergedMetrics } from "../../observability/merged-metrics.js";
import { startHealthServer } from "../../runtime/health-server.js";
import { startWeb, type WebProcess } from "../../runtime/start-web.js";
import { startWorker } from "../../runtime/start-worker.js";
import { cliEntry } from "../cli-entry.js";
import { openRuntime } from "../open-runtime.js";
import { startWorkerThread } from "../worker-thread.js";
import type { CliCommand } from "./command.js";

/** The worker as the web side sees it: on its own event loop or in a thread. */
interface Worker {
  running(): boolean;
  close(): Promise<void>;
}

/**
 * Long-running roles. With both (`ajar all`) the worker runs in a worker thread unless
 * AJAR_WORKER_THREAD=0: reconciles, sweeps and Azure's answers then never delay a Slack answer, and
 * /metrics adds the thread's counters to the process's. On SIGTERM/SIGINT the web side stops taking
 * requests first, then workers finish their active jobs (BullMQ hands back anything it cannot
 * finish), then connections close.
 */
export function serveCommand(roles: { web: boolean; worker: boolean }, summary: string): CliCommand {
  return {
    summary,
    async run(_args, rawEnv) {
      const { env, runtime } = openRuntime(rawEnv);
      const log = runtime.deps.logger;
      const entry = cliEntry();
      const threaded = roles.web && roles.worker && env.AJAR_WORKER_THREAD === "1" && entry !== undefined;
      let worker: Worker | undefined;
      if (roles.worker && !threaded) {
        const inline = await startWorker(runtime);
        worker = { running: () => inline.worker.isRunning(), close: () => inline.close() };
      }
      const workersRunning = () => worker?.running() ?? false;
      let web: WebProcess | undefined;
      if (roles.web) {
        web = await startWeb(runtime, {
          botToken: env.SLACK_BOT_TOKEN ?? "",
          signingSecret: env.SLACK_SIGNING_SECRET ?? "",
          ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}),
          ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
          port: env.PORT,
          ...(env.HOST ? { host: env.HOST } : {}),
          metricsPort: env.METRICS_PORT,
          metricsHost: env.METRICS_HOST,
          ...(roles.worker ? { workersRunning } : {}),
        });
      }
      // Started once Slack can be answered: loading the thread must not compete with that.
      if (threaded) {
        const started = await startWorkerThread(entry, rawEnv, log).catch(async (error: unknown) => {
          await web?.close();
          await runtime.close();
          throw error;
        });
        runtime.metrics = mergedMetrics(runtime.metrics, () => started.metrics());
        worker = started;
      }
      // A worker-only process answers liveness on PORT (the image's HEALTHCHECK) and the rest on the operations listener.
      const health = roles.web
        ? []
        : await Promise.all([
            startHealthServer(runtime, { port: env.PORT, ...(env.HOST ? { host: env.HOST } : {}), liveOnly: true }),
            startHealthServer(runtime, { port: env.METRICS_PORT, host: env.METRICS_HOST, workersRunning }),
          ]);
      log.info(
        {
          web: roles.web,
          worker: roles.worker,
          workerThread: threaded,
          port: web?.url ? env.PORT : undefined,
          socketMode: !!env.SLACK_APP_TOKEN,
        },
        "ajar started",
      );

      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) return;
          stopping = true;
          log.info({ signal }, "shutting down");
          (async () => {
            await web?.close();
            await Promise.all(health.map((h) => h.close()));
            await worker?.close();
            await runtime.close();
          })().then(resolve, (error: unknown) => {
            log.error({ err: errorMessage(error) }, "error during shutdown");
            resolve();
          });
        };
        process.once("SIGTERM", () => stop("SIGTERM"));
        process.once("SIGINT", () => stop("SIGINT"));
      });
      return 0;
    },
  };
}
