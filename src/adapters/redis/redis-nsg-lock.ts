import { randomUUID } from "node:crypto";

import type { Redis } from "ioredis";

import type { NsgLease, NsgLock } from "../../app/ports/nsg-lock.port.js";

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

/**
 * A lease per NSG shared by every worker process. It is short and renewed while its holder works, so
 * a holder that dies (SIGKILL) blocks the NSG for seconds, not for the length of an ARM operation.
 */
export class RedisNsgLock implements NsgLock {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = "ajar:",
    private readonly leaseMs = 6_000,
  ) {}

  async tryAcquire(nsgId: string): Promise<NsgLease | undefined> {
    const key = `${this.prefix}nsg-lock:${nsgId.toLowerCase()}`;
    const token = randomUUID();
    if ((await this.redis.set(key, token, "PX", this.leaseMs, "NX")) !== "OK") return undefined;
    const renew = setInterval(() => {
      this.redis.eval(RENEW, 1, key, token, String(this.leaseMs)).catch(() => undefined);
    }, this.leaseMs / 3);
    renew.unref();
    return {
      release: async () => {
        clearInterval(renew);
        await this.redis.eval(RELEASE, 1, key, token).catch(() => undefined);
      },
    };
  }
}
