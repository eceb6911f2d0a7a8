import { createServer, type Server } from "node:http";

import type { CustomRoute } from "@slack/bolt";

import type { Runtime } from "./build-runtime.js";
import { healthRoutes, publicRoutes } from "./health-routes.js";

export interface HealthServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/**
 * /healthz, /readyz and /metrics on their own listener (the operations listener, loopback by
 * default, on METRICS_PORT), apart from the public Slack listener. `liveOnly` serves /healthz alone,
 * for a public port that must answer probes but say nothing more.
 */
/** `/a/:x/:y` matches `/a/1/2`: the few routes served here need no more than that. */
const pathMatches = (pattern: string, path: string): boolean => {
  const want = pattern.split("/");
  const got = path.split("/");
  return (
    want.length === got.length && want.every((part, i) => (part.startsWith(":") ? got[i] !== "" : part === got[i]))
  );
};

export async function startHealthServer(
  runtime: Runtime,
  options: {
    port: number;
    host?: string;
    workersRunning?: () => boolean;
    liveOnly?: boolean;
    extraRoutes?: CustomRoute[];
  },
): Promise<HealthServer> {
  const routes = [
    ...(options.liveOnly ? publicRoutes() : healthRoutes(runtime, options.workersRunning)),
    ...(options.extraRoutes ?? []),
  ];
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const route = routes.find(
      (r) =>
        pathMatches(r.path, path ?? "") &&
        (Array.isArray(r.method) ? r.method : [r.method]).includes(req.method ?? "GET"),
    );
    if (!route) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found\n");
      return;
    }
    void route.handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
