import { Queue } from "bullmq";
import { afterEach, describe, expect, it } from "vitest";

import { BullmqGrantJobs } from "../../../src/adapters/bullmq/bullmq-grant-jobs.js";
import { DueJobs } from "../../../src/adapters/bullmq/due-jobs.js";
import { QUEUE_NAME, type GrantJobData } from "../../../src/adapters/bullmq/job-names.js";
import { encodeIntakeEntry } from "../../../src/adapters/redis/intake-entry.js";
import { RedisIntakeDrain } from "../../../src/adapters/redis/redis-intake-drain.js";
import type { GrantJobs } from "../../../src/app/ports/grant-jobs.port.js";
import { silentLogger, type Logger } from "../../../src/app/ports/logger.port.js";
import { until } from "../../../src/demo/until.js";
import { createTestRedis, deleteKeys, uniquePrefix } from "../../support/redis.js";

describe("RedisIntakeDrain", () => {
  const redis = createTestRedis();
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  function setUp(
    jobs?: (real: GrantJobs) => Pick<GrantJobs, "authorize" | "scheduleSourceLinkExpiry">,
    logger = silentLogger,
  ) {
    const prefix = `${uniquePrefix("drain")}:`;
    const queue = new Queue<GrantJobData>(QUEUE_NAME, { connection: redis, prefix: `${prefix}bull` });
    const due = new DueJobs(redis, prefix);
    const real = new BullmqGrantJobs(queue, due);
    const drain = new RedisIntakeDrain(redis, prefix, jobs ? jobs(real) : real, logger, { retryMs: 50 });
    cleanups.push(
      () => deleteKeys(redis, prefix),
      () => queue.close(),
      () => drain.stop(),
    );
    const push = (grantId: string, next: Parameters<typeof encodeIntakeEntry>[1]) =>
      redis.lpush(`${prefix}intake`, encodeIntakeEntry(grantId, next)!);
    const lists = async () => ({
      waiting: await redis.llen(`${prefix}intake`),
      handing: await redis.llen(`${prefix}intake:handing`),
    });
    return { prefix, queue, due, drain, push, lists };
  }

  it("turns each new entry into its job as it arrives: an authorization now, a link's expiry booked for when it runs out", async () => {
    const { queue, due, drain, push, lists } = setUp();
    await drain.start();
    const at = new Date(Date.now() + 600_000);
    await push("g-aaaaaaaaaa", { kind: "authorize" });
    await push("g-bbbbbbbbbb", { kind: "source-link-expiry", at });
    const expiry = await until("the link's expiry, booked", async () =>
      (await due.list()).find(({ entry }) => entry.kind === "grant" && entry.grantId === "g-bbbbbbbbbb"),
    );
    expect(expiry.entry).toMatchObject({ name: "expire-pending" });
    expect(expiry.at).toBe(at.getTime());
    expect(await (await queue.getJob("authorize-g-aaaaaaaaaa"))?.getState()).toBe("waiting");
    await until("both lists to empty", async () => JSON.stringify(await lists()) === '{"waiting":0,"handing":0}');
  });

  it("hands a burst over in batches, every entry once", async () => {
    const { queue, drain, push, lists } = setUp();
    const ids = Array.from({ length: 250 }, (_, i) => `g-burst${String(i).padStart(3, "0")}`);
    for (const id of ids) await push(id, { kind: "authorize" });
    await drain.start();
    await until("every job", async () => (await queue.count()) === ids.length);
    await until("both lists to empty", async () => JSON.stringify(await lists()) === '{"waiting":0,"handing":0}');
    const queued = (await queue.getJobs(["waiting"], 0, -1, true)).map((j) => j.data.grantId);
    expect(queued.sort()).toEqual(ids);
  });

  it("queues one job when an entry is handed over twice (a worker died after queueing, before clearing it)", async () => {
    const { prefix, queue, drain, push } = setUp();
    await push("g-cccccccccc", { kind: "authorize" });
    await redis.lpush(`${prefix}intake:handing`, "authorize g-cccccccccc");
    await drain.start();
    await until("the intake to empty", async () => (await redis.llen(`${prefix}intake`)) === 0);
    await until("the hand-over to empty", async () => (await redis.llen(`${prefix}intake:handing`)) === 0);
    expect((await queue.getJobs(["waiting"])).map((j) => j.id)).toEqual(["authorize-g-cccccccccc"]);
  });

  it("keeps an entry whose job could not be queued and queues it once the queue answers again", async () => {
    let failures = 2;
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (_f, message) => void warnings.push(message) };
    const { queue, drain, push, lists } = setUp(
      (real) => ({
        authorize: async (id) => {
          if (failures-- > 0) throw new Error("queue unavailable");
          await real.authorize(id);
        },
        scheduleSourceLinkExpiry: (id, at) => real.scheduleSourceLinkExpiry(id, at),
      }),
      logger,
    );
    await drain.start();
    await push("g-dddddddddd", { kind: "authorize" });
    await until("a warning", () => warnings.length > 0);
    await until("the authorize job", () => queue.getJob("authorize-g-dddddddddd"));
    expect(warnings[0]).toMatch(/intake drain/);
    await until("both lists to empty", async () => JSON.stringify(await lists()) === '{"waiting":0,"handing":0}');
  });

  it("leaves entries that arrive after it stopped for the next start", async () => {
    const { queue, drain, push, lists } = setUp();
    await drain.start();
    await drain.stop();
    await push("g-eeeeeeeeee", { kind: "authorize" });
    await new Promise((r) => setTimeout(r, 100));
    expect(await lists()).toEqual({ waiting: 1, handing: 0 });
    expect(await queue.count()).toBe(0);
  });
});
