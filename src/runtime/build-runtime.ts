import { webApi } from "@slack/bolt";
import { Queue } from "bullmq";
import { Redis } from "ioredis";

import { BullmqGrantJobs } from "../adapters/bullmq/bullmq-grant-jobs.js";
import { BullmqReconcileRequests } from "../adapters/bullmq/bullmq-reconcile-requests.js";
import { DueJobs } from "../adapters/bullmq/due-jobs.js";
import {
  QUEUE_NAME,
  RECONCILE_QUEUE_NAME,
  type GrantJobData,
  type ReconcileJobData,
} from "../adapters/bullmq/job-names.js";
import { RedisAuditLog } from "../adapters/redis/redis-audit-log.js";
import { RedisGrantIntake } from "../adapters/redis/redis-grant-intake.js";
import { RedisGrantStore } from "../adapters/redis/redis-grant-store.js";
import { RedisNsgIndex } from "../adapters/redis/redis-nsg-index.js";
import { RedisNsgLock } from "../adapters/redis/redis-nsg-lock.js";
import { RedisReconcileMarks } from "../adapters/redis/redis-reconcile-marks.js";
import { SlackDirectory } from "../adapters/slack/slack-directory.js";
import { SlackGrantNotifier } from "../adapters/slack/slack-grant-notifier.js";
import { WEB_API_RETRY } from "../adapters/slack/slack-limits.js";
import type { Deps } from "../app/deps.js";
import { systemClock, type Clock } from "../app/ports/clock.port.js";
import type { Logger } from "../app/ports/logger.port.js";
import { NsgConverger } from "../app/reconcile/nsg-converger.js";
import type { Settings } from "../app/settings.js";
import { cacheVmNetworks } from "../app/shared/vm-network-cache.js";
import type { EntraDirectory } from "../domain/ports/entra-directory.port.js";
import type { FirewallAccess } from "../domain/ports/firewall-access.port.js";
import type { NetworkAccess } from "../domain/ports/network-access.port.js";
import type { PermissionSource } from "../domain/ports/permission-source.port.js";
import { createRoleDefinitionCache } from "../domain/rbac/index.js";
import { instrumentNetworkAccess, instrumentPermissionSource } from "../observability/instrument-azure.js";
import { instrumentGrantIntake, instrumentGrantStore } from "../observability/instrument-grant-store.js";
import { openGrantCounter, queueJobCounter } from "../observability/metric-sources.js";
import { createMetrics, type ProcessMetrics } from "../observability/metrics.js";

/** Events each BullMQ queue keeps in its stream (BullMQ's default is 10,000, about 1 MB a queue). */
const EVENTS_KEPT = 500;

export interface RuntimeInput {
  settings: Settings;
  redisUrl: string;
  /** Key prefix for grants, audit and locks; BullMQ uses `${prefix}bull`. Tests use their own. */
  prefix?: string;
  slack: { botToken: string; apiUrl?: string };
  azure: { network: NetworkAccess; permissions: PermissionSource; firewalls?: FirewallAccess };
  /** Entra ID (Microsoft Graph), when the configuration reads it. */
  entra?: EntraDirectory;
  logger: Logger;
  clock?: Clock;
  /**
   * This runtime is the worker thread of `ajar all`: its registry keeps only the counters and
   * histograms of what it does, which the main thread adds to its own (process-wide figures and
   * the gauges read from Redis are the main thread's).
   */
  workerThread?: boolean;
}

export interface Runtime {
  deps: Deps;
  redis: Redis;
  queue: Queue<GrantJobData>;
  reconcileQueue: Queue<ReconcileJobData>;
  reconcileRequests: BullmqReconcileRequests;
  /** The key prefix of grants, audit and the intake. */
  prefix: string;
  /** Work waiting for its time; the worker's due poller queues it. */
  due: DueJobs;
  bullPrefix: string;
  /** This process's metrics registry, served on /metrics. */
  metrics: ProcessMetrics;
  close(): Promise<void>;
}

/** The composition root: one place where adapters are chosen and wired to the use cases. */
export function buildRuntime(input: RuntimeInput): Runtime {
  const prefix = input.prefix ?? "ajar:";
  const bullPrefix = `${prefix}bull`;
  const redis = new Redis(input.redisUrl, { maxRetriesPerRequest: null });
  // While Redis is down, ioredis reconnects on its own; without a listener each failure would be an
  // unhandled 'error' event printed as a stack trace.
  let lastRedisError = "";
  redis.on("error", (error: Error) => {
    if (error.message !== lastRedisError)
      input.logger.warn({ err: error.message }, "Redis connection problem; reconnecting");
    lastRedisError = error.message;
  });
  redis.on("ready", () => {
    if (lastRedisError) input.logger.info({}, "Redis connection restored");
    lastRedisError = "";
  });
  // Nothing reads BullMQ's event streams (no QueueEvents): a short one is plenty for debugging.
  const queueOptions = { connection: redis, prefix: bullPrefix, streams: { events: { maxLen: EVENTS_KEPT } } };
  const queue = new Queue<GrantJobData>(QUEUE_NAME, queueOptions);
  const reconcileQueue = new Queue<ReconcileJobData>(RECONCILE_QUEUE_NAME, queueOptions);
  for (const q of [queue, reconcileQueue]) q.on("error", () => undefined);
  const clock = input.clock ?? systemClock;
  const client = new webApi.WebClient(input.slack.botToken, {
    ...(input.slack.apiUrl ? { slackApiUrl: input.slack.apiUrl } : {}),
    retryConfig: WEB_API_RETRY,
  });
  const rawStore = new RedisGrantStore(redis, prefix);
  const metrics = input.workerThread
    ? createMetrics({}, { defaultMetrics: false })
    : createMetrics({ openGrants: openGrantCounter(rawStore), queueJobs: queueJobCounter(queue) });
  const network = cacheVmNetworks(instrumentNetworkAccess(input.azure.network, metrics), () => clock.now().getTime());
  const marks = new RedisReconcileMarks(redis, prefix);
  const due = new DueJobs(redis, prefix);
  const reconcileRequests = new BullmqReconcileRequests(reconcileQueue, marks, due, () => clock.now().getTime());
  const retention = { retentionSeconds: input.settings.auditRetentionSeconds, now: () => clock.now().getTime() };
  const deps: Deps = {
    settings: input.settings,
    store: instrumentGrantStore(rawStore, metrics),
    audit: new RedisAuditLog(redis, prefix, retention),
    intake: instrumentGrantIntake(new RedisGrantIntake(redis, prefix, retention), metrics),
    jobs: new BullmqGrantJobs(queue, due, () => clock.now().getTime()),
    notifier: new SlackGrantNotifier(client, input.logger),
    directory: new SlackDirectory(client),
    ...(input.entra ? { entra: input.entra } : {}),
    network,
    permissions: instrumentPermissionSource(input.azure.permissions, metrics),
    roleCache: createRoleDefinitionCache({
      ttlMs: input.settings.roleCacheTtlSeconds * 1000,
      now: () => clock.now().getTime(),
    }),
    nsgIndex: new RedisNsgIndex(redis, prefix),
    ...(input.azure.firewalls ? { firewalls: input.azure.firewalls } : {}),
    reconciles: reconcileRequests,
    converger: new NsgConverger(
      new RedisNsgLock(redis, prefix),
      marks,
      () => clock.now().getTime(),
      input.settings.nsgCoalesceMs,
    ),
    clock,
    storeReachable: () => redis.status === "ready",
    logger: input.logger,
    metrics,
  };
  return {
    deps,
    redis,
    queue,
    reconcileQueue,
    reconcileRequests,
    prefix,
    due,
    bullPrefix,
    metrics,
    async close() {
      await queue.close();
      await reconcileQueue.close();
      redis.disconnect();
    },
  };
}
