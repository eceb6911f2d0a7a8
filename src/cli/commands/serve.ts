import { errorMessage } from "../../domain/errors.js";
import { startHealthServer } from "../../runtime/health-server.js";
import { startWeb, type WebProcess } from "../../runtime/start-web.js";
import { startWorker, type WorkerProcess } from "../../runtime/start-worker.js";
import { openRuntime } from "../open-runtime.js";
import type { CliCommand } from "./command.js";

/**
 * Long-running roles. On SIGTERM/SIGINT the web side stops taking requests first, then workers
 * finish their active jobs (BullMQ hands back anything it cannot finish), then connections close.
 */
export function serveCommand(roles: { web: boolean; worker: boolean }, summary: string): CliCommand {
  return {
    summary,
    async run(_args, rawEnv) {
      const { env, runtime } = openRuntime(rawEnv);
      const log = runtime.deps.logger;
      let worker: WorkerProcess | undefined;
      let web: WebProcess | undefined;
      if (roles.worker) worker = await startWorker(runtime);
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
          ...(worker ? { workersRunning: () => worker!.worker.isRunning() } : {}),
        });
      }
      // A worker-only process still answers probes and serves its own metrics (closes, lateness).
      // A worker-only process answers liveness on PORT (the image's HEALTHCHECK) and the rest on the operations listener.
      const workersRunning = () => worker?.worker.isRunning() ?? false;
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
