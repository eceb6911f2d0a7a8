import type { Redis } from "ioredis";

import type { ReconcileMarks } from "../../app/ports/reconcile-requests.port.js";

/** Generations and completed passes per NSG, in one hash each. */
export class RedisReconcileMarks implements ReconcileMarks {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = "ajar:",
  ) {}

  private key = (nsgId: string): string => `${this.prefix}nsg:${nsgId.toLowerCase()}:reconcile`;

  bump(nsgId: string): Promise<number> {
    return this.redis.hincrby(this.key(nsgId), "gen", 1);
  }

  async generation(nsgId: string): Promise<number> {
    return Number((await this.redis.hget(this.key(nsgId), "gen")) ?? 0);
  }

  async done(nsgId: string): Promise<{ generation: number; startedAt: number }> {
    const [generation, startedAt] = await this.redis.hmget(this.key(nsgId), "done", "doneAt");
    return { generation: Number(generation ?? -1), startedAt: Number(startedAt ?? 0) };
  }

  async markDone(nsgId: string, generation: number, startedAt: number): Promise<void> {
    await this.redis.hset(this.key(nsgId), "done", String(generation), "doneAt", String(startedAt));
  }
}
