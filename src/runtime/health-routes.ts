import type { CustomRoute } from "@slack/bolt";

import { errorMessage } from "../domain/errors.js";
import { metricsFor } from "../observability/runtime-metrics.js";
import type { Runtime } from "./build-runtime.js";

/** A probe must answer within the orchestrator's timeout even when Redis hangs or is gone. */
const PING_TIMEOUT_MS = 1500;

function pingWithin(runtime: Runtime, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    // ioredis queues commands while reconnecting (maxRetriesPerRequest: null), so ping alone may never settle.
    runtime.redis.ping().then(() => undefined),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("redis ping timed out")), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const liveness: CustomRoute = {
  path: "/healthz",
  method: ["GET"],
  handler: (_req, res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("ok\n");
  },
};

/**
 * What the public (Slack-facing) listener may answer besides Slack: liveness only. Readiness and
 * metrics tell an outsider about queue depths, grants and dependencies, so they live on the
 * operations listener (healthRoutes).
 */
export function publicRoutes(): CustomRoute[] {
  return [liveness];
}

/**
 * Liveness says the process is up; readiness also needs Redis, and workers where this process runs
 * them. /metrics is the Prometheus exposition of this process's registry.
 */
export function healthRoutes(runtime: Runtime, workersRunning?: () => boolean): CustomRoute[] {
  return [
    liveness,
    {
      path: "/readyz",
      method: ["GET"],
      handler: (_req, res) => {
        const checks = async (): Promise<string[]> => {
          const problems: string[] = [];
          try {
            await pingWithin(runtime, PING_TIMEOUT_MS);
          } catch {
            problems.push("redis unreachable");
          }
          if (workersRunning && !workersRunning()) problems.push("workers not running");
          return problems;
        };
        checks().then(
          (problems) => {
            res.writeHead(problems.length === 0 ? 200 : 503, { "content-type": "text/plain" });
            res.end(problems.length === 0 ? "ready\n" : `${problems.join("\n")}\n`);
          },
          () => {
            res.writeHead(503, { "content-type": "text/plain" });
            res.end("not ready\n");
          },
        );
      },
    },
    {
      path: "/metrics",
      method: ["GET"],
      handler: (_req, res) => {
        const metrics = metricsFor(runtime);
        metrics.render().then(
          (text) => {
            res.writeHead(200, { "content-type": metrics.contentType });
            res.end(text);
          },
          (error: unknown) => {
            res.writeHead(500, { "content-type": "text/plain" });
            res.end(`metrics unavailable: ${errorMessage(error)}\n`);
          },
        );
      },
    },
  ];
}
