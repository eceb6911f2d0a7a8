import type { Server } from "node:http";
import type { App } from "@slack/bolt";
import { createSlackApp } from "../adapters/slack/create-slack-app.js";
import type { Runtime } from "./build-deps.js";
import { healthRoutes } from "./health-routes.js";
import { sourceLinkRoutes } from "../adapters/http/source-link-routes.js";
import { startHealthServer } from "./health-server.js";

export interface WebProcess {
  app: App;
  /** The HTTP server (absent in Socket Mode). */
  server?: Server;
  url?: string;
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
}

/** The Slack-facing process: Bolt over HTTP (or Socket Mode) plus health endpoints. */
export async function startWeb(runtime: Runtime, options: StartWebOptions): Promise<WebProcess> {
  const { app } = createSlackApp(runtime.deps, {
    botToken: options.botToken,
    signingSecret: options.signingSecret,
    ...(options.appToken ? { appToken: options.appToken } : {}),
    ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
    customRoutes: [...healthRoutes(runtime, options.workersRunning), ...sourceLinkRoutes(runtime.deps)],
    ...(options.processBeforeResponse !== undefined ? { processBeforeResponse: options.processBeforeResponse } : {}),
  });
  if (options.appToken) {
    await app.start();
    // Socket Mode needs no inbound port for Slack, but probes and Prometheus still need one.
    const health = await startHealthServer(runtime, {
      // `from me` links need an inbound listener too; it is this one in Socket Mode.
      extraRoutes: sourceLinkRoutes(runtime.deps),
      port: options.port,
      ...(options.host ? { host: options.host } : {}),
      ...(options.workersRunning ? { workersRunning: options.workersRunning } : {}),
    });
    return {
      app,
      server: health.server,
      url: health.url,
      close: async () => {
        await app.stop();
        await health.close();
      },
    };
  }
  const server = (await app.start({ port: options.port, ...(options.host ? { host: options.host } : {}) })) as Server;
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return { app, server, url: `http://127.0.0.1:${port}`, close: () => app.stop().then(() => undefined) };
}
