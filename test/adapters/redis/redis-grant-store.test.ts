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

  it("answers for unfinished grants from their own set, newest first, and drops finished ones from it", async () => {
    const store = new RedisGrantStore(redis, prefix);
    const older = grantFixture({ id: "g-aaaaaaaaaa", status: "pending", createdAt: "2026-11-25T10:00:00.000Z" });
    const newer = grantFixture({ id: "g-bbbbbbbbbb", status: "active", createdAt: "2026-11-25T11:00:00.000Z" });
    const done = grantFixture({ id: "g-cccccccccc", status: "pending", createdAt: "2026-11-25T12:00:00.000Z" });
    for (const g of [older, newer, done]) await store.create(g);
    expect(await store.replace({ ...done, status: "closed", version: done.version + 1 }, done.version)).toBe(true);

    // Without the time index, only the open set can answer: proof that history is not paged through.
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
});
