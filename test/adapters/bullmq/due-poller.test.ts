import { Queue } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";

import { BullmqGrantJobs } from "../../../src/adapters/bullmq/bullmq-grant-jobs.js";
import { BullmqReconcileRequests } from "../../../src/adapters/bullmq/bullmq-reconcile-requests.js";
import { grantJobOf } from "../../../src/adapters/bullmq/due-entry.js";
import { DueJobs } from "../../../src/adapters/bullmq/due-jobs.js";
import { startDuePoller } from "../../../src/adapters/bullmq/due-poller.js";
import {
  QUEUE_NAME,
  RECONCILE_QUEUE_NAME,
  type GrantJobData,
  type ReconcileJobData,
} from "../../../src/adapters/bullmq/job-names.js";
import { grantJobOptions } from "../../../src/adapters/bullmq/job-options.js";
import { JOBS } from "../../../src/adapters/bullmq/job-table.js";
import { RedisReconcileMarks } from "../../../src/adapters/redis/redis-reconcile-marks.js";
import { silentLogger } from "../../../src/app/ports/logger.port.js";
import { until } from "../../../src/demo/until.js";
import { createTestRedis, deleteKeys, uniquePrefix } from "../../support/redis.js";

const NSG = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-1";

describe("work for later, in the due set", () => {
  const redis = createTestRedis();
  const prefixes: string[] = [];
  const closing: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const close of closing) await close();
    for (const prefix of prefixes) await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  /** A private due set and queues (no worker: jobs stay where the poller put them); the clock is the test's. */
  function setup() {
    const prefix = `${uniquePrefix("due")}:`;
    prefixes.push(prefix);
    let now = Date.parse("2026-11-25T10:00:00Z");
    const due = new DueJobs(redis, prefix);
    const grants = new Queue<GrantJobData>(QUEUE_NAME, { connection: redis, prefix: `${prefix}bull` });
    const reconciles = new Queue<ReconcileJobData>(RECONCILE_QUEUE_NAME, {
      connection: redis,
      prefix: `${prefix}bull`,
    });
    closing.push(
      () => grants.close(),
      () => reconciles.close(),
    );
    const clock = () => now;
    const jobs = new BullmqGrantJobs(grants, due, clock);
    const ends = new BullmqReconcileRequests(reconciles, new RedisReconcileMarks(redis, prefix), due, clock);
    const poll = (intervalMs = 10) => {
      const poller = startDuePoller(due, { grants, reconciles }, silentLogger, { intervalMs, now: clock });
      closing.push(() => poller.stop());
      return poller;
    };
    return {
      prefix,
      due,
      grants,
      reconciles,
      jobs,
      ends,
      poll,
      at: (ms: number) => new Date(now + ms),
      advance: (ms: number) => (now += ms),
    };
  }

  it("keeps later work out of BullMQ, one entry per grant job and per NSG end, and moves only the heads-up", async () => {
    const { due, grants, reconciles, jobs, ends, at } = setup();
    await jobs.scheduleOpen("g-later", at(60_000));
    await jobs.scheduleReminder("g-later", at(60_000), 1);
    await jobs.scheduleReminder("g-later", at(90_000), 1);
    await jobs.scheduleExpiryNotice("g-later", at(60_000));
    await jobs.scheduleExpiryNotice("g-later", at(120_000));
    // Two grants ending within the same quarter second share the NSG's reconcile.
    await ends.request([NSG], at(3_599_900));
    await ends.request([NSG.toUpperCase()], at(3_600_000));
    const listed = (await due.list()).map(({ entry, at: when }) => ({ ...entry, in: when - at(0).getTime() }));
    expect(listed).toEqual(
      expect.arrayContaining([
        { kind: "grant", name: "open", grantId: "g-later", in: 60_000 },
        { kind: "grant", name: "remind", grantId: "g-later", round: 1, in: 60_000 },
        { kind: "grant", name: "expiry-notice", grantId: "g-later", in: 120_000 },
        { kind: "end", nsgId: NSG, notBefore: at(3_600_000).getTime(), in: 3_600_000 },
      ]),
    );
    expect(listed).toHaveLength(4);
    expect(await grants.getJobCountByTypes("delayed", "waiting")).toBe(0);
    expect(await reconciles.getJobCountByTypes("delayed", "waiting")).toBe(0);
  });

  it("queues what is due as jobs with the attempts their row of the table gives, and nothing early", async () => {
    const { due, grants, reconciles, jobs, ends, poll, at, advance } = setup();
    await jobs.scheduleOpen("g-open", at(1000));
    await jobs.scheduleExpirePending("g-open", at(1000));
    await jobs.scheduleReminder("g-open", at(1000), 2);
    await jobs.scheduleExpiryNotice("g-open", at(5000));
    await ends.request([NSG], at(1000));
    poll();
    await new Promise((r) => setTimeout(r, 100));
    expect(await grants.getJobCountByTypes("waiting")).toBe(0);

    advance(1000);
    await until("the due jobs", async () => (await grants.getJobCountByTypes("waiting")) === 3);
    const queued = await grants.getJobs(["waiting"]);
    expect(Object.fromEntries(queued.map((j) => [j.name, j.opts.attempts]))).toEqual({
      open: JOBS.open.attempts,
      remind: JOBS.remind.attempts,
      "expire-pending": JOBS["expire-pending"].attempts,
    });
    expect(queued.find((j) => j.name === "remind")?.data).toEqual({ grantId: "g-open", round: 2 });
    const [end] = await reconciles.getJobs(["waiting"]);
    expect(end?.data).toEqual({ nsgId: NSG, notBefore: at(0).getTime() });
    expect((await due.list()).map(({ entry }) => entry.kind === "grant" && entry.name)).toEqual(["expiry-notice"]);
  });

  it("hands work over once a process that claimed it died, and makes one job of it however often it is queued", async () => {
    const { due, grants, jobs, poll, at, advance } = setup();
    await jobs.scheduleReminder("g-lost", at(1000), 1);
    await jobs.scheduleReminder("g-twice", at(1000), 1);
    advance(1000);
    // A process claims both and dies: before queueing g-lost, after queueing g-twice but before saying so.
    const claimed = await due.claim(at(0).getTime(), 15_000, 10);
    expect(claimed).toHaveLength(2);
    const twice = claimed.find((c) => c.entry.kind === "grant" && c.entry.grantId === "g-twice")!;
    if (twice.entry.kind !== "grant") throw new Error("not a grant job");
    const { id, data } = grantJobOf(twice.entry, twice.dueAt);
    await grants.add("remind", data, grantJobOptions("remind", id));
    poll();
    await new Promise((r) => setTimeout(r, 100));
    expect(await grants.getJobCountByTypes("waiting")).toBe(1);

    advance(15_000);
    await until("the lost reminder handed over", async () => (await grants.getJobCountByTypes("waiting")) === 2);
    await until("nothing left to hand over", async () => (await due.list()).length === 0);
    expect((await grants.getJobs(["waiting"])).map((j) => j.data.grantId).sort()).toEqual(["g-lost", "g-twice"]);
  });
});
