import type { AddressInfo } from "node:net";

import { App, LogLevel } from "@slack/bolt";

import { createSlackClient, type SlackClient, type SlackSimulator } from "../../../src/simulators/slack/index.js";

export const SIGNING_SECRET = "sim-signing-secret";

export interface BoltHarness {
  app: App;
  endpoint: string;
  client: SlackClient;
  stop(): Promise<void>;
}

/** A real Bolt App (default HTTPReceiver) whose Web API client talks to the simulator. */
export function createBoltApp(sim: SlackSimulator, options: { processBeforeResponse?: boolean } = {}): App {
  return new App({
    token: sim.botToken,
    signingSecret: SIGNING_SECRET,
    clientOptions: { slackApiUrl: sim.apiUrl, retryConfig: { retries: 0 } },
    logLevel: LogLevel.ERROR,
    processBeforeResponse: options.processBeforeResponse ?? false,
  });
}

/** Starts the app on an ephemeral loopback port; app.start() resolves with the http.Server. */
export async function listen(app: App, sim: SlackSimulator): Promise<BoltHarness> {
  const server = await app.start({ port: 0, host: "127.0.0.1" });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}/slack/events`;
  return {
    app,
    endpoint,
    client: createSlackClient({ endpoint, signingSecret: SIGNING_SECRET, simulator: sim }),
    stop: async () => {
      await app.stop();
    },
  };
}
