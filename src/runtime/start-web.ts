import type { Server } from "node:http";

import type { App } from "@slack/bolt";

import { sourceLinkRoutes } from "../adapters/http/source-link-routes.js";
import { createSlackApp } from "../adapters/slack/create-slack-app.js";
import type { Runtime } from "./build-runtime.js";
import { publicRoutes } from "./health-routes.js";
import { startHealthServer } from "./health-server.js";

export interface WebProcess {
  app: App;
  /** The HTTP server (absent in Socket Mode). */
  server?: Server;
  url?: string;
  /** The operations listener: /healthz, /readyz, /metrics. */
  opsUrl: string;
  close(): Promise<void>;
}

export interface StartWebOptions {
  botToken: string;
  signingSecret: string;
  appToken?: string;
  apiUrl?: string;
  port: number;
  /** Interface to listen on; loopback for the demo and tests. */
  host?: string;
  processBeforeResponse?: boolean;
  workersRunning?: () => boolean;
  /** Port of the operations listener (/readyz, /metrics); 0 picks a free one. Default 0. */
  metricsPort?: number;
  /** Its interface; loopback unless set, since it is for the orchestrator and Prometheus only. */
  metricsHost?: string;
}

/** The Slack-facing process: Bolt over HTTP (or Socket Mode) plus health endpoints. */
export async function startWeb(runtime: Runtime, options: StartWebOptions): Promise<WebProcess> {
  const { app } = createSlackApp(runtime.deps, {
    botToken: options.botToken,
    signingSecret: options.signingSecret,
    ...(options.appToken ? { appToken: options.appToken } : {}),
    ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
    customRoutes: [...publicRoutes(), ...sourceLinkRoutes(runtime.deps)],
    ...(options.processBeforeResponse !== undefined ? { processBeforeResponse: options.processBeforeResponse } : {}),
  });
  const ops = await startHealthServer(runtime, {
    port: options.metricsPort ?? 0,
    host: options.metricsHost ?? "127.0.0.1",
    ...(options.workersRunning ? { workersRunning: options.workersRunning } : {}),
  });
  try {
    if (options.appToken) {
      await app.start();
      // Socket Mode needs no inbound port for Slack, but liveness probes on PORT still do.
      // `from me` links need an inbound listener too; it is this one in Socket Mode.
      const live = await startHealthServer(runtime, {
        port: options.port,
        ...(options.host ? { host: options.host } : {}),
        liveOnly: true,
        extraRoutes: sourceLinkRoutes(runtime.deps),
      });
      return {
        app,
        server: live.server,
        url: live.url,
        opsUrl: ops.url,
        close: async () => {
          await app.stop();
          await Promise.all([live.close(), ops.close()]);
        },
      };
    }
    const server = (await app.start({ port: options.port, ...(options.host ? { host: options.host } : {}) })) as Server;
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : options.port;
    return {
      app,
      server,
      url: `http://127.0.0.1:${port}`,
      opsUrl: ops.url,
      close: () => app.stop().then(() => ops.close()),
    };
  } catch (error) {
    await ops.close();
    throw error;
  }
}
