import { randomUUID } from "node:crypto";

import { Redis } from "ioredis";
import { inject } from "vitest";

export const testRedisUrl = (): string => inject("redisUrl");

/** A key prefix no other test uses, so tests can run side by side on one server. */
export const uniquePrefix = (label = "t"): string => `ajar-test-${label}-${randomUUID().slice(0, 8)}`;

export function createTestRedis(): Redis {
  return new Redis(testRedisUrl(), { maxRetriesPerRequest: null, lazyConnect: false });
}

/** Deletes every key under the prefix (BullMQ queues and grant records alike). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== "0");
}
