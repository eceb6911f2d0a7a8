import { afterAll, describe, expect, it } from "vitest";

import { RedisGrantStore } from "../../../src/adapters/redis/redis-grant-store.js";
import { grantFixture } from "../../support/grant-fixture.js";
import { createTestRedis, deleteKeys, uniquePrefix } from "../../support/redis.js";

describe("RedisGrantStore", () => {
  const redis = createTestRedis();
  const prefix = `${uniquePrefix("store")}:`;
  afterAll(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it("answers for unfinished grants from their own index, newest first, and drops finished ones from it", async () => {
    const store = new RedisGrantStore(redis, prefix);
    const older = grantFixture({ id: "g-aaaaaaaaaa", status: "pending", createdAt: "2026-11-25T10:00:00.000Z" });
    const newer = grantFixture({ id: "g-bbbbbbbbbb", status: "active", createdAt: "2026-11-25T11:00:00.000Z" });
    const done = grantFixture({ id: "g-cccccccccc", status: "pending", createdAt: "2026-11-25T12:00:00.000Z" });
    for (const g of [older, newer, done]) await store.create(g);
    expect(await store.replace({ ...done, status: "closed", version: done.version + 1 }, done.version)).toBe(true);

    // Without the time index, only the index of open grants can answer: proof that history is not paged through.
    await redis.del(`${prefix}grants:by-time`);
    const open = await store.list({ statuses: ["requested", "pending", "approved", "active"] });
    expect(open.map((g) => g.id)).toEqual(["g-bbbbbbbbbb", "g-aaaaaaaaaa"]);
    expect((await store.list({ statuses: ["pending"] })).map((g) => g.id)).toEqual(["g-aaaaaaaaaa"]);
    expect(await store.list({ statuses: ["active"], vmName: "other-vm" })).toEqual([]);
    expect(await store.list({ statuses: ["pending", "active"], limit: 1 })).toHaveLength(1);
    // Asking for finished grants still goes through history (here: gone with the index).
    expect(await store.list({ statuses: ["closed"] })).toEqual([]);
  });

  it("refuses a stale version and keeps the newer copy", async () => {
    const store = new RedisGrantStore(redis, prefix);
    const grant = grantFixture({ id: "g-dddddddddd" });
    await store.create(grant);
    expect(await store.replace({ ...grant, version: grant.version + 1 }, grant.version)).toBe(true);
    expect(await store.replace({ ...grant, status: "denied", version: grant.version + 1 }, grant.version)).toBe(false);
    expect((await store.get(grant.id))?.status).toBe("pending");
  });

  it("reads a record kept as JSON by an earlier release and rewrites it compactly on its next change", async () => {
    const store = new RedisGrantStore(redis, prefix);
    const old = grantFixture({ id: "g-eeeeeeeeee" });
    await redis.hset(`${prefix}grant:${old.id}`, "v", String(old.version), "json", JSON.stringify(old));
    expect(await store.get(old.id)).toEqual(old);
    expect(await store.replace({ ...old, status: "approved", version: old.version + 1 }, old.version)).toBe(true);
    expect((await store.get(old.id))?.status).toBe("approved");
    expect((await redis.hkeys(`${prefix}grant:${old.id}`)).sort()).toEqual(["v", "z"]);
  });

  it("counts and lists unfinished grants by status, with those an earlier release kept in a plain set", async () => {
    const own = `${uniquePrefix("open")}:`;
    const store = new RedisGrantStore(redis, own);
    const before = grantFixture({ id: "g-ffffffffff", status: "pending" });
    const active = grantFixture({ id: "g-hhhhhhhhhh", status: "active", createdAt: "2026-11-25T09:00:00.000Z" });
    for (const grant of [before, active]) await store.create(grant);
    // As an earlier release left them: in the set of open grants only.
    await redis.del(`${own}grants:status`);
    await redis.sadd(`${own}grants:open`, before.id, active.id);
    const later = grantFixture({ id: "g-gggggggggg", status: "requested", createdAt: "2026-11-25T12:00:00.000Z" });
    await store.create(later);
    expect(await store.replace({ ...later, status: "pending", version: later.version + 1 }, later.version)).toBe(true);
    expect(await store.countOpen()).toEqual({ pending: 2, active: 1 });
    expect((await store.list({ statuses: ["pending"] })).map((g) => g.id)).toEqual([later.id, before.id]);
    expect(await redis.exists(`${own}grants:open`)).toBe(0);

    expect(await store.replace({ ...before, status: "denied", version: before.version + 1 }, before.version)).toBe(
      true,
    );
    expect(await store.countOpen()).toEqual({ pending: 1, active: 1 });
    expect((await store.list({ statuses: ["pending", "active"] })).map((g) => g.id)).toEqual([later.id, active.id]);
    await deleteKeys(redis, own);
  });
});
