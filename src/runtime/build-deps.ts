import { Queue } from "bullmq";
import { webApi } from "@slack/bolt";
import { Redis } from "ioredis";
import type { Deps } from "../app/deps.js";
import { NsgChanges } from "../app/nsg-changes.js";
import type { Settings } from "../app/settings.js";
import { BullmqGrantJobs } from "../adapters/bullmq/bullmq-grant-jobs.js";
import { QUEUE_NAME, type GrantJobData } from "../adapters/bullmq/job-names.js";
import { RedisAuditLog } from "../adapters/redis/redis-audit-log.js";
import { RedisGrantStore } from "../adapters/redis/redis-grant-store.js";
import { RedisNsgLock } from "../adapters/redis/redis-nsg-lock.js";
import { SlackDirectory } from "../adapters/slack/slack-directory.js";
import { SlackGrantNotifier } from "../adapters/slack/slack-grant-notifier.js";
import { systemClock, type Clock } from "../domain/ports/clock.port.js";
import type { Logger } from "../domain/ports/logger.port.js";
import type { NetworkAccess } from "../domain/ports/network-access.port.js";
import type { PermissionSource } from "../domain/ports/permission-source.port.js";
import { createRoleDefinitionCache } from "../domain/rbac/index.js";
import { instrumentNetworkAccess, instrumentPermissionSource } from "../observability/instrument-azure.js";
import { instrumentGrantStore } from "../observability/instrument-grant-store.js";
import { openGrantCounter, queueJobCounter } from "../observability/metric-sources.js";
import { createMetrics, type ProcessMetrics } from "../observability/metrics.js";

export interface RuntimeInput {
  settings: Settings;
  redisUrl: string;
  /** Key prefix for grants, audit and locks; BullMQ uses `${prefix}bull`. Tests use their own. */
  prefix?: string;
  slack: { botToken: string; apiUrl?: string };
  azure: { network: NetworkAccess; permissions: PermissionSource };
  logger: Logger;
  clock?: Clock;
}

export interface Runtime {
  deps: Deps;
  redis: Redis;
  queue: Queue<GrantJobData>;
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
  const queue = new Queue<GrantJobData>(QUEUE_NAME, { connection: redis, prefix: bullPrefix });
  const clock = input.clock ?? systemClock;
  const client = new webApi.WebClient(input.slack.botToken, {
    ...(input.slack.apiUrl ? { slackApiUrl: input.slack.apiUrl } : {}),
    retryConfig: { retries: 3, factor: 2, minTimeout: 200, maxTimeout: 2000 },
  });
  const rawStore = new RedisGrantStore(redis, prefix);
  const metrics = createMetrics({ openGrants: openGrantCounter(rawStore), queueJobs: queueJobCounter(queue) });
  const network = instrumentNetworkAccess(input.azure.network, metrics);
  const deps: Deps = {
    settings: input.settings,
    store: instrumentGrantStore(rawStore, metrics),
    audit: new RedisAuditLog(redis, prefix, { retentionSeconds: input.settings.auditRetentionSeconds, now: () => clock.now().getTime() }),
    jobs: new BullmqGrantJobs(queue, () => clock.now().getTime()),
    notifier: new SlackGrantNotifier(client, input.logger),
    directory: new SlackDirectory(client),
    network,
    permissions: instrumentPermissionSource(input.azure.permissions, metrics),
    roleCache: createRoleDefinitionCache({ ttlMs: input.settings.roleCacheTtlSeconds * 1000, now: () => clock.now().getTime() }),
    nsgChanges: new NsgChanges(new RedisNsgLock(redis, prefix), network),
    clock,
    logger: input.logger,
    metrics,
  };
  return {
    deps,
    redis,
    queue,
    bullPrefix,
    metrics,
    async close() {
      await queue.close();
      redis.disconnect();
    },
  };
}
