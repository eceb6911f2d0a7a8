import { afterAll, describe, expect, it } from "vitest";
import { RedisNsgLock } from "../../src/adapters/redis/redis-nsg-lock.js";
import { NsgChanges } from "../../src/app/nsg-changes.js";
import type { NetworkAccess, SecurityRuleInfo } from "../../src/domain/ports/network-access.port.js";
import { createTestRedis, deleteKeys, uniquePrefix } from "../support/redis.js";
import { securityRule } from "../support/rule-fixture.js";

const rule = (name: string, priority: number): SecurityRuleInfo => securityRule(name, priority);

/** Only the read matters here: the tasks themselves stand in for the writes. */
function countingNetwork(initial: SecurityRuleInfo[]): NetworkAccess & { reads: number } {
  const network = {
    reads: 0,
    listRules: async () => {
      network.reads++;
      await new Promise((r) => setTimeout(r, 5));
      return initial;
    },
  };
  return network as unknown as NetworkAccess & { reads: number };
}

describe("NsgChanges", () => {
  const redis = createTestRedis();
  const prefix = `${uniquePrefix("nsg")}:`;
  afterAll(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it("applies changes queued meanwhile in one batch, each seeing the rules the previous one left", async () => {
    const network = countingNetwork([rule("existing", 300)]);
    const changes = new NsgChanges(new RedisNsgLock(redis, prefix), network);
    const seen: string[][] = [];
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        changes.run("/nsg/a", async (rules) => {
          seen.push(rules.map((r) => r.name));
          await new Promise((r) => setTimeout(r, 10));
          return { result: i, rules: [...rules, rule(`grant-${i}`, 900 - i)] };
        }),
      ),
    );
    expect(results).toEqual([0, 1, 2, 3, 4]);
    expect(network.reads).toBe(1);
    expect(seen.at(-1)).toEqual(["existing", "grant-0", "grant-1", "grant-2", "grant-3"]);
  });

  it("keeps going after a failed change, re-reading the NSG first", async () => {
    const network = countingNetwork([]);
    const changes = new NsgChanges(new RedisNsgLock(redis, prefix), network);
    const outcomes = await Promise.allSettled([
      changes.run("/nsg/b", async (rules) => ({ result: "first", rules })),
      changes.run("/nsg/b", async () => Promise.reject(new Error("SecurityRuleConflict"))),
      changes.run("/nsg/b", async (rules) => ({ result: "third", rules })),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(network.reads).toBe(2);
  });

  it("does not read the NSG for changes that do not plan against it", async () => {
    const network = countingNetwork([rule("existing", 300)]);
    const changes = new NsgChanges(new RedisNsgLock(redis, prefix), network);
    await Promise.all([
      changes.run("/nsg/e", async (rules) => ({ result: undefined, rules }), { needsRules: false }),
      changes.run("/nsg/e", async (rules) => ({ result: undefined, rules }), { needsRules: false }),
    ]);
    expect(network.reads).toBe(0);
    const seen = await changes.run("/nsg/e", async (rules) => ({ result: rules.map((r) => r.name), rules }));
    expect(seen).toEqual(["existing"]);
    expect(network.reads).toBe(1);
  });

  it("serializes changes to one NSG across processes through the shared lock", async () => {
    const events: string[] = [];
    const task = (label: string) => async (rules: SecurityRuleInfo[]) => {
      events.push(`${label}-start`);
      await new Promise((r) => setTimeout(r, 30));
      events.push(`${label}-end`);
      return { result: label, rules };
    };
    // Two NsgChanges stand for two worker processes: they share only Redis.
    const one = new NsgChanges(new RedisNsgLock(redis, prefix), countingNetwork([]));
    const two = new NsgChanges(new RedisNsgLock(redis, prefix), countingNetwork([]));
    await Promise.all([one.run("/nsg/c", task("a")), two.run("/nsg/c", task("b"))]);
    expect([events.slice(0, 2), events.slice(2)].every(([s, e]) => s!.replace("-start", "") === e!.replace("-end", ""))).toBe(true);
  });

  it("gives the lock back after a full batch, then carries on with the rest", async () => {
    const network = countingNetwork([]);
    const changes = new NsgChanges(new RedisNsgLock(redis, prefix), network);
    const results = await Promise.all(Array.from({ length: 45 }, (_, i) => changes.run("/nsg/f", async (rules) => ({ result: i, rules }))));
    expect(results).toHaveLength(45);
    expect(network.reads).toBe(3);
  });

  it("starts a new batch for changes arriving after one finished", async () => {
    const network = countingNetwork([]);
    const changes = new NsgChanges(new RedisNsgLock(redis, prefix), network);
    await changes.run("/nsg/d", async (rules) => ({ result: 1, rules }));
    await changes.run("/nsg/d", async (rules) => ({ result: 2, rules }));
    expect(network.reads).toBe(2);
  });
});
