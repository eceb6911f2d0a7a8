import type { Redis } from "ioredis";

import type { NsgIndex } from "../../app/ports/nsg-index.port.js";
import type { NsgVm } from "../../domain/rules/plan-nsg.js";

/**
 * Per NSG: a set of grant ids that want a rule in it, and a hash of the covered VMs behind it
 * (vm id → JSON). A `known` marker tells "no VMs" apart from "never looked".
 */
export class RedisNsgIndex implements NsgIndex {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = "ajar:",
  ) {}

  private grantsKey = (nsgId: string): string => `${this.prefix}nsg:${nsgId.toLowerCase()}:grants`;
  private vmsKey = (nsgId: string): string => `${this.prefix}nsg:${nsgId.toLowerCase()}:vms`;
  private knownKey = (): string => `${this.prefix}nsgs`;

  async addGrant(nsgId: string, grantId: string): Promise<void> {
    await this.redis
      .multi()
      .sadd(this.grantsKey(nsgId), grantId)
      .hset(this.knownKey(), nsgId.toLowerCase(), nsgId)
      .exec();
  }

  async removeGrant(nsgId: string, grantId: string): Promise<void> {
    await this.redis.srem(this.grantsKey(nsgId), grantId);
  }

  grantIds(nsgId: string): Promise<string[]> {
    return this.redis.smembers(this.grantsKey(nsgId));
  }

  async vms(nsgId: string): Promise<{ vms: NsgVm[]; complete: boolean }> {
    const all = await this.redis.hgetall(this.vmsKey(nsgId));
    const vms = Object.entries(all)
      .filter(([id]) => id !== "")
      .map(([, json]) => JSON.parse(json) as NsgVm);
    return { vms, complete: "" in all };
  }

  async setVms(nsgId: string, vms: NsgVm[]): Promise<void> {
    const fields = vms.flatMap((vm) => [vm.id.toLowerCase(), JSON.stringify(vm)]);
    await this.redis
      .multi()
      .del(this.vmsKey(nsgId))
      .hset(this.vmsKey(nsgId), "", "known", ...fields)
      .hset(this.knownKey(), nsgId.toLowerCase(), nsgId)
      .exec();
  }

  async upsertVm(nsgIds: string[], vm: NsgVm): Promise<void> {
    const multi = this.redis.multi();
    for (const nsgId of nsgIds)
      multi
        .hset(this.vmsKey(nsgId), vm.id.toLowerCase(), JSON.stringify(vm))
        .hset(this.knownKey(), nsgId.toLowerCase(), nsgId);
    await multi.exec();
  }

  async knownNsgs(): Promise<string[]> {
    return Object.values(await this.redis.hgetall(this.knownKey()));
  }
}
