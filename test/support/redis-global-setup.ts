import type { TestProject } from "vitest/node";

import { startRedisServer, type PrivateRedis } from "../../src/adapters/redis/start-redis-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

let redis: PrivateRedis | undefined;

/** One private redis-server for the whole run; tests isolate themselves with key prefixes. */
export async function setup(project: TestProject): Promise<void> {
  redis = await startRedisServer();
  project.provide("redisUrl", redis.url);
}

export async function teardown(): Promise<void> {
  await redis?.stop();
}
