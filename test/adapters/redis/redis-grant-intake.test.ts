import { Queue } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";

import { BullmqGrantJobs } from "../../../src/adapters/bullmq/bullmq-grant-jobs.js";
import { DueJobs } from "../../../src/adapters/bullmq/due-jobs.js";
import { QUEUE_NAME, type GrantJobData } from "../../../src/adapters/bullmq/job-names.js";
import { RedisAuditLog } from "../../../src/adapters/redis/redis-audit-log.js";
import { RedisGrantIntake } from "../../../src/adapters/redis/redis-grant-intake.js";
import { RedisGrantStore } from "../../../src/adapters/redis/redis-grant-store.js";
import { RedisIntakeDrain } from "../../../src/adapters/redis/redis-intake-drain.js";
import { silentLogger } from "../../../src/app/ports/logger.port.js";
import { auditEntry } from "../../../src/app/shared/audit-grant.js";
import { until } from "../../../src/demo/until.js";
import { grantFixture } from "../../support/grant-fixture.js";
import { createTestRedis, deleteKeys, uniquePrefix } from "../../support/redis.js";

const requested = (id: string) =>
  grantFixture({ id, version: 1, status: "requested", requester: { slackUserId: "UALICE", objectId: "o" } });

describe("RedisGrantIntake", () => {
  const redis = createTestRedis();
  const monitor = createTestRedis();
  const prefix = `${uniquePrefix("intake")}:`;
  const storePrefix = `${uniquePrefix("intake-store")}:`;
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
    await deleteKeys(redis, prefix);
    await deleteKeys(redis, storePrefix);
    redis.disconnect();
    monitor.disconnect();
  });

  it("writes the record and its indexes as the store does, the audit entry and the intake entry, in one command", async () => {
    const client = createTestRedis();
    cleanups.push(async () => client.disconnect());
    await client.ping();
    const intake = new RedisGrantIntake(client, prefix);
    const store = new RedisGrantStore(redis, prefix);
    // The same grant written by the store under a prefix of its own, to compare byte for byte.
    const viaStore = new RedisGrantStore(redis, storePrefix);

    const me = `${client.stream.localAddress}:${client.stream.localPort}`;
    const seen: { source: string; command: string }[] = [];
    const watch = await monitor.monitor();
    cleanups.push(async () => watch.disconnect());
    watch.on("monitor", (_time: string, args: string[], source: string) => {
      // Other test files run scripts on this server too: only this prefix's keys count.
      const mine = source === me || (source === "lua" && String(args[1]).startsWith(prefix));
      if (mine) seen.push({ source, command: String(args[0]).toLowerCase() });
    });
    const grant = requested("g-intakeaaa");
    const entry = auditEntry(grant, "requested", "UALICE");
    await intake.submit(grant, entry, { kind: "authorize" });
    await until("MONITOR to report the script", () => seen.some((s) => s.command === "lpush"));

    expect(seen.filter((s) => s.source === me).map((s) => s.command)).toEqual(["eval"]);
    expect(seen.filter((s) => s.source === "lua").map((s) => s.command)).toEqual([
      "exists",
      "hset",
      "zadd",
      "zadd",
      "hset",
      "xadd",
      "lpush",
    ]);
    // Byte for byte what the store writes.
    watch.disconnect();
    await viaStore.create(grant);
    const record = (at: string) => redis.hgetallBuffer(`${at}grant:${grant.id}`);
    expect(await record(prefix)).toEqual(await record(storePrefix));
    for (const index of ["grants:by-time", "grants:by-user:UALICE"])
      expect(await redis.zscore(`${prefix}${index}`, grant.id)).toBe(String(Date.parse(grant.createdAt)));
    expect(await store.get(grant.id)).toEqual(grant);
    expect((await store.list({ statuses: ["requested"] })).map((g) => g.id)).toContain(grant.id);
    expect(await new RedisAuditLog(redis, prefix).read({})).toEqual([entry]);
    expect(await redis.lrange(`${prefix}intake`, 0, -1)).toEqual([`authorize ${grant.id}`]);
  });

  it("writes nothing for an id that exists, and no intake entry for a grant that waits for its leader", async () => {
    const intake = new RedisGrantIntake(redis, prefix);
    const grant = requested("g-twicebbbb");
    const before = await redis.xlen(`${prefix}audit`);
    await intake.submit(grant, auditEntry(grant, "requested", "UALICE"), { kind: "none" });
    await expect(
      intake.submit({ ...grant, source: "198.51.100.1" }, auditEntry(grant, "requested", "UALICE"), {
        kind: "authorize",
      }),
    ).rejects.toThrow(/already exists/);
    expect(await redis.xlen(`${prefix}audit`)).toBe(before + 1);
    expect((await new RedisGrantStore(redis, prefix).get(grant.id))?.source).toBe(grant.source);
    expect(await redis.lrange(`${prefix}intake`, 0, -1)).not.toContainEqual(expect.stringContaining(grant.id));
  });

  it("loses no request when the worker dies between the intake and the queue", async () => {
    const own = `${uniquePrefix("intake-crash")}:`;
    const queue = new Queue<GrantJobData>(QUEUE_NAME, { connection: redis, prefix: `${own}bull` });
    cleanups.push(() => queue.close());
    cleanups.push(() => deleteKeys(redis, own));
    const intake = new RedisGrantIntake(redis, own);
    const ids = ["g-crashaaaa", "g-crashbbbb", "g-crashcccc"];
    for (const id of ids)
      await intake.submit(requested(id), auditEntry(requested(id), "requested", "UALICE"), { kind: "authorize" });
    // A drain took the oldest entry and died before queueing its job.
    expect(await redis.lmove(`${own}intake`, `${own}intake:handing`, "RIGHT", "LEFT")).toBe(`authorize ${ids[0]}`);

    const drain = new RedisIntakeDrain(redis, own, new BullmqGrantJobs(queue, new DueJobs(redis, own)), silentLogger);
    await drain.start();
    cleanups.push(() => drain.stop());
    await until("every request's authorize job", async () => {
      const jobs = await Promise.all(ids.map((id) => queue.getJob(`authorize-${id}`)));
      return jobs.every((j) => j?.name === "authorize");
    });
    expect(await redis.llen(`${own}intake`)).toBe(0);
    await until("the hand-over list to empty", async () => (await redis.llen(`${own}intake:handing`)) === 0);
    expect(await queue.count()).toBe(3);
  });
});
