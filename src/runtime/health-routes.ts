import type { CustomRoute } from "@slack/bolt";
import type { Runtime } from "./build-deps.js";

/** Liveness says the process is up; readiness also needs Redis, and workers where this process runs them. */
export function healthRoutes(runtime: Runtime, workersRunning?: () => boolean): CustomRoute[] {
  return [
    {
      path: "/healthz",
      method: ["GET"],
      handler: (_req, res) => {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end("ok\n");
      },
    },
    {
      path: "/readyz",
      method: ["GET"],
      handler: (_req, res) => {
        const checks = async (): Promise<string[]> => {
          const problems: string[] = [];
          try {
            await runtime.redis.ping();
          } catch {
            problems.push("redis unreachable");
          }
          if (workersRunning && !workersRunning()) problems.push("workers not running");
          return problems;
        };
        checks().then((problems) => {
          res.writeHead(problems.length === 0 ? 200 : 503, { "content-type": "text/plain" });
          res.end(problems.length === 0 ? "ready\n" : `${problems.join("\n")}\n`);
        }, () => {
          res.writeHead(503);
          res.end("not ready\n");
        });
      },
    },
  ];
}
