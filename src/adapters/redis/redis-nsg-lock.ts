import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { AjarError } from "../../domain/errors.js";
import type { NsgLock } from "../../domain/ports/nsg-lock.port.js";

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

/**
 * A lease per NSG shared by every worker process. The lease expires on its own if its holder dies,
 * and is renewed while the holder works, so a slow ARM operation does not let a second writer in.
 */
export class RedisNsgLock implements NsgLock {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = "ajar:",
    private readonly leaseMs = 30_000,
    private readonly waitMs = 120_000,
  ) {}

  async withLock<T>(nsgId: string, work: () => Promise<T>): Promise<T> {
    const key = `${this.prefix}nsg-lock:${nsgId.toLowerCase()}`;
    const token = randomUUID();
    const deadline = Date.now() + this.waitMs;
    let delay = 10;
    while ((await this.redis.set(key, token, "PX", this.leaseMs, "NX")) !== "OK") {
      if (Date.now() > deadline) {
        throw new AjarError("CLOUD.TRANSIENT", `Another change to ${nsgId} is taking too long; will retry.`, { retryable: true });
      }
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
      // Short waits: the holder's work is one or two ARM operations, and a long sleep here is
      // latency added to every grant queued behind it.
      delay = Math.min(delay * 2, 100);
    }
    const renew = setInterval(() => {
      this.redis.eval(RENEW, 1, key, token, String(this.leaseMs)).catch(() => undefined);
    }, this.leaseMs / 3);
    try {
      return await work();
    } finally {
      clearInterval(renew);
      await this.redis.eval(RELEASE, 1, key, token).catch(() => undefined);
    }
  }
}
