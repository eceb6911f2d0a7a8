import { afterAll, describe, expect, it } from "vitest";

import { RedisAuditLog } from "../../../src/adapters/redis/redis-audit-log.js";
import { RedisGrantStore } from "../../../src/adapters/redis/redis-grant-store.js";
import type { AuditEntry } from "../../../src/app/ports/audit-log.port.js";
import { grantFixture } from "../../support/grant-fixture.js";
import { createTestRedis, deleteKeys, uniquePrefix } from "../../support/redis.js";

const DAY = 86_400_000;

describe("bounded storage", () => {
  const redis = createTestRedis();
  const prefixes: string[] = [];
  const fresh = (label: string): string => {
    const prefix = `${uniquePrefix(label)}:`;
    prefixes.push(prefix);
    return prefix;
  };
  afterAll(async () => {
    for (const prefix of prefixes) await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it("removes a finished grant's record and its index entries together once its retention ends", async () => {
    const prefix = fresh("trim");
    let now = Date.parse("2026-11-25T12:00:00.000Z");
    const store = new RedisGrantStore(redis, prefix, { finishedRetentionSeconds: 86_400, now: () => now });
    const old = grantFixture({ id: "g-oldoldoldo", requester: { slackUserId: "UALICE", objectId: "o" } });
    const open = grantFixture({ id: "g-openopenop", requester: { slackUserId: "UALICE", objectId: "o" } });
    const later = grantFixture({ id: "g-laterlater", requester: { slackUserId: "UBOB", objectId: "o" } });
    for (const g of [old, open, later]) await store.create(g);
    expect(await store.replace({ ...old, status: "closed", version: old.version + 1 }, old.version)).toBe(true);

    now += 2 * DAY;
    // The next grant to finish clears the one whose retention ended; the open one stays.
    expect(await store.replace({ ...later, status: "denied", version: later.version + 1 }, later.version)).toBe(true);
    expect(await redis.exists(`${prefix}grant:g-oldoldoldo`)).toBe(0);
    expect(await redis.zrange(`${prefix}grants:by-time`, "0", "-1")).toEqual(
      expect.arrayContaining(["g-openopenop", "g-laterlater"]),
    );
    expect(await redis.zrange(`${prefix}grants:by-time`, "0", "-1")).not.toContain("g-oldoldoldo");
    expect(await redis.zrange(`${prefix}grants:by-user:UALICE`, "0", "-1")).toEqual(["g-openopenop"]);
    expect(await redis.zcard(`${prefix}grants:finished`)).toBe(1);

    now += 2 * DAY;
    expect(await store.trim()).toBe(1);
    expect(await redis.zrange(`${prefix}grants:by-user:UBOB`, "0", "-1")).toEqual([]);
    expect((await store.list({})).map((g) => g.id)).toEqual(["g-openopenop"]);
  });

  it("drops index entries whose record already expired when listing through them", async () => {
    const prefix = fresh("heal");
    const store = new RedisGrantStore(redis, prefix);
    const ids = Array.from({ length: 5 }, (_, i) => `g-heal${"abcde"[i]}aaaaa`);
    for (const [i, id] of ids.entries())
      await store.create(
        grantFixture({ id, createdAt: new Date(Date.parse("2026-11-25T10:00:00Z") + i * 1000).toISOString() }),
      );
    await redis.del(`${prefix}grant:${ids[1]}`, `${prefix}grant:${ids[3]}`);
    expect((await store.list({})).map((g) => g.id)).toEqual([ids[4], ids[2], ids[0]]);
    expect(await redis.zcard(`${prefix}grants:by-time`)).toBe(3);
    expect(await store.list({ requester: "UALICE", limit: 2 })).toHaveLength(2);
    expect(await redis.zcard(`${prefix}grants:by-user:UALICE`)).toBe(3);
  });

  it("keeps the audit stream within its retention and still exports everything inside it", async () => {
    const prefix = fresh("audit");
    let now = Date.parse("2026-11-25T12:00:00.000Z");
    const audit = new RedisAuditLog(redis, prefix, { retentionSeconds: 400 * 86_400, now: () => now });
    const entry = (grantId: string): AuditEntry => ({
      at: new Date(now).toISOString(),
      event: "requested",
      grantId,
      actor: "U1",
      requester: "U1",
      vm: "vm-1",
      port: 22,
      source: "203.0.113.7/32",
      durationSeconds: 60,
    });
    // Stream ids come from the Redis clock; these stand for entries written 500 and 10 days ago.
    await redis.xadd(`${prefix}audit`, `${now - 500 * DAY}-0`, "grantId", "g-ancient", "event", "requested");
    await redis.xadd(`${prefix}audit`, `${now - 10 * DAY}-0`, "grantId", "g-recent", "event", "requested");
    await audit.append(entry("g-newest"));
    expect((await audit.read({})).map((e) => e.grantId)).toEqual(["g-recent", "g-newest"]);

    now += 395 * DAY;
    expect(await audit.trim()).toBe(1);
    expect((await audit.read({})).map((e) => e.grantId)).toEqual(["g-newest"]);
  });

  it("reads past one page when exporting without a limit", async () => {
    const prefix = fresh("page");
    const audit = new RedisAuditLog(redis, prefix);
    const batch = redis.pipeline();
    for (let i = 0; i < 10_050; i++) batch.xadd(`${prefix}audit`, "*", "grantId", `g-${i}`, "event", "requested");
    await batch.exec();
    expect(await audit.read({})).toHaveLength(10_050);
    expect(await audit.read({ limit: 20 })).toHaveLength(20);
  });
});
