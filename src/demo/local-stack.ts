import type { PipelineRetryOptions } from "@azure/core-rest-pipeline";

import { createAzurePorts } from "../adapters/azure/create-azure-ports.js";
import { createEntraDirectory } from "../adapters/graph/create-entra-directory.js";
import { startRedisServer, type PrivateRedis } from "../adapters/redis/start-redis-server.js";
import type { Clock } from "../app/ports/clock.port.js";
import { silentLogger, type Logger } from "../app/ports/logger.port.js";
import type { Settings } from "../app/settings.js";
import { buildRuntime, type Runtime } from "../runtime/build-runtime.js";
import { startWeb, type WebProcess } from "../runtime/start-web.js";
import { startWorker, type StartWorkerOptions, type WorkerProcess } from "../runtime/start-worker.js";
import {
  DEMO_SEED_PATH,
  loadAzureSeed,
  parseAzureSeed,
  startAzureSimulator,
  type AzureSeed,
  type AzureSimulator,
  type AzureSimulatorOptions,
} from "../simulators/azure/index.js";
import { startGraphSimulator, type GraphSimulator } from "../simulators/graph/index.js";
import { createSlackClient, startSlackSimulator, type SlackClient } from "../simulators/slack/index.js";
import type { SimUser, SimUsergroup, SlackSimulator } from "../simulators/slack/types.js";

export const DEMO_BOT_TOKEN = "xoxb-ajar-local-simulator";
export const DEMO_SIGNING_SECRET = "ajar-local-signing-secret";
export const DEMO_GRAPH_TOKEN = "ajar-local-graph-token";

export interface LocalStackOptions {
  settings: Settings;
  redisUrl?: string;
  prefix?: string;
  azure?: Partial<Omit<AzureSimulatorOptions, "seed">> & { seedPath?: string; seed?: AzureSeed };
  slackUsers?: SimUser[];
  usergroups?: SimUsergroup[];
  worker?: StartWorkerOptions | false;
  logger?: Logger;
  clock?: Clock;
  armPollIntervalMs?: number;
  /** The Graph simulator (seeded from the Azure seed's principals) and ajar's Graph client settings. */
  graph?: { pageSize?: number; retryOptions?: PipelineRetryOptions; slackEnterpriseId?: string };
}

/** Everything ajar runs on, on one machine: Redis, the ARM and Slack simulators, a worker and the Bolt endpoint. */
export interface LocalStack {
  azure: AzureSimulator;
  slack: SlackSimulator;
  graph: GraphSimulator;
  runtime: Runtime;
  worker?: WorkerProcess;
  web: WebProcess;
  client: SlackClient;
  redis?: PrivateRedis;
  /** Starts another worker on the same Redis and simulators (to test sharing and crashes). */
  addWorker(options?: StartWorkerOptions): Promise<{ runtime: Runtime; worker: WorkerProcess }>;
  close(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const logger = options.logger ?? silentLogger;
  const redis = options.redisUrl ? undefined : await startRedisServer();
  const redisUrl = options.redisUrl ?? redis!.url;
  const seed = options.azure?.seed
    ? parseAzureSeed(options.azure.seed)
    : await loadAzureSeed(options.azure?.seedPath ?? DEMO_SEED_PATH);
  const { seedPath: _seedPath, seed: _seed, ...azureOptions } = options.azure ?? {};
  const azure = await startAzureSimulator({ seed, ...azureOptions });
  const slack = await startSlackSimulator({
    botToken: DEMO_BOT_TOKEN,
    users: options.slackUsers ?? [],
    usergroups: options.usergroups ?? [],
    ...(options.graph?.slackEnterpriseId ? { enterpriseId: options.graph.slackEnterpriseId } : {}),
  });
  const graph = await startGraphSimulator({
    seed,
    token: DEMO_GRAPH_TOKEN,
    ...(options.graph?.pageSize ? { pageSize: options.graph.pageSize } : {}),
  });
  const closers: (() => Promise<void>)[] = [];

  const makeRuntime = (): Runtime => {
    const ports = createAzurePorts({
      endpoint: azure.url,
      staticToken: "ajar-local-token",
      pollIntervalMs: options.armPollIntervalMs ?? 50,
    });
    // The real credential path: a static token over loopback http, through the same pipeline as production.
    const entra = options.settings.entra
      ? createEntraDirectory({
          endpoint: graph.url,
          staticToken: DEMO_GRAPH_TOKEN,
          cacheTtlSeconds: options.settings.entra.cacheTtlSeconds,
          ...(options.graph?.retryOptions ? { retryOptions: options.graph.retryOptions } : {}),
          ...(options.clock ? { now: () => options.clock!.now().getTime() } : {}),
        }).entra
      : undefined;
    const runtime = buildRuntime({
      settings: options.settings,
      ...(entra ? { entra } : {}),
      redisUrl,
      ...(options.prefix ? { prefix: options.prefix } : {}),
      slack: { botToken: DEMO_BOT_TOKEN, apiUrl: slack.apiUrl },
      azure: ports,
      logger,
      ...(options.clock ? { clock: options.clock } : {}),
    });
    closers.push(() => runtime.close());
    return runtime;
  };

  const runtime = makeRuntime();
  const worker =
    options.worker === false ? undefined : await startWorker(runtime, { lockdown: true, ...(options.worker ?? {}) });
  if (worker) closers.push(() => worker.close());
  const web = await startWeb(runtime, {
    botToken: DEMO_BOT_TOKEN,
    signingSecret: DEMO_SIGNING_SECRET,
    apiUrl: slack.apiUrl,
    port: 0,
    host: "127.0.0.1",
  });
  const client = createSlackClient({
    endpoint: `${web.url}/slack/events`,
    signingSecret: DEMO_SIGNING_SECRET,
    simulator: slack,
  });

  return {
    azure,
    slack,
    graph,
    runtime,
    ...(worker ? { worker } : {}),
    web,
    client,
    ...(redis ? { redis } : {}),
    async addWorker(workerOptions) {
      const extra = makeRuntime();
      const extraWorker = await startWorker(extra, { lockdown: false, ...(workerOptions ?? {}) });
      closers.push(() => extraWorker.close());
      return { runtime: extra, worker: extraWorker };
    },
    async close() {
      await web.close().catch(() => undefined);
      for (const close of closers.reverse()) await close().catch(() => undefined);
      await slack.close();
      await graph.close();
      await azure.close();
      await redis?.stop();
    },
  };
}
