import { Queue, type Worker } from "bullmq";
import type { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { createGrantWorker, GAVE_UP } from "../../../src/adapters/bullmq/grant-worker.js";
import { QUEUE_NAME, type GrantJobData } from "../../../src/adapters/bullmq/job-names.js";
import { JOBS, type JobSpec, type JobTable } from "../../../src/adapters/bullmq/job-table.js";
import { silentLogger } from "../../../src/app/ports/logger.port.js";
import { until } from "../../../src/demo/until.js";
import { AjarError } from "../../../src/domain/errors.js";
import { createTestRedis, deleteKeys, uniquePrefix } from "../../support/redis.js";

/** What a job in the test table does on each attempt, and what the worker told it. */
interface Script {
  throws: (attempt: number) => Error | undefined;
  runs: number;
  gaveUp: string[];
}

const deps = { logger: silentLogger };
type TestDeps = typeof deps;

describe("the grant worker gives up, and only it", () => {
  let redis: Redis;
  let prefix: string;
  let queue: Queue<GrantJobData>;
  let worker: Worker<GrantJobData> | undefined;
  const scripts = new Map<string, Script>();
  /** The errors the rows' backoffs were asked about (the tests run one job at a time). */
  let backoffSaw: (Error | undefined)[] = [];

  /** Every row runs the script of the job's grant id; authorize and open report giving up. */
  const row = (spec: JobSpec, reports: boolean): JobSpec<TestDeps> => ({
    name: spec.name,
    attempts: spec.attempts,
    backoff: (_attemptsMade, error) => {
      backoffSaw.push(error);
      return 0;
    },
    run: async (_deps, grantId) => {
      const script = scripts.get(grantId)!;
      const error = script.throws(++script.runs);
      if (error) throw error;
    },
    ...(reports
      ? {
          onGiveUp: async (_deps: TestDeps, grantId: string, reason: string) =>
            void scripts.get(grantId)!.gaveUp.push(reason),
        }
      : {}),
  });
  const table = Object.fromEntries(
    Object.values(JOBS).map((spec) => [spec.name, row(spec, "onGiveUp" in spec)]),
  ) as JobTable<TestDeps>;

  const enqueue = async (
    name: keyof typeof JOBS,
    grantId: string,
    attempts: number,
    throws: Script["throws"],
  ): Promise<Script> => {
    const script: Script = { throws, runs: 0, gaveUp: [] };
    scripts.set(grantId, script);
    await queue.add(name, { grantId }, { jobId: grantId, attempts, backoff: { type: "ajar" } });
    return script;
  };
  /** Waits for the job to end for good: "failed" is only reached once no attempt is left. */
  const ended = (grantId: string) =>
    until(`${grantId} ended`, async () => {
      const state = await queue.getJobState(grantId);
      return (state === "completed" || state === "failed") && state;
    });

  beforeAll(async () => {
    redis = createTestRedis();
    prefix = uniquePrefix("worker");
    queue = new Queue<GrantJobData>(QUEUE_NAME, { connection: redis, prefix });
    worker = createGrantWorker(deps, { connection: redis, prefix, concurrency: 4 }, table);
    await worker.waitUntilReady();
  });
  afterEach(() => {
    scripts.clear();
    backoffSaw = [];
  });
  afterAll(async () => {
    await worker?.close();
    await queue.close();
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it("retries a transient failure without giving up when a later attempt succeeds", async () => {
    const busy = new AjarError("CLOUD.TRANSIENT", "Azure is busy; ajar will retry.", {
      retryable: true,
      retryAfterMs: 1234,
    });
    const script = await enqueue("open", "g-flaky", 4, (n) => (n < 3 ? busy : undefined));
    expect(await ended("g-flaky")).toBe("completed");
    expect(script.runs).toBe(3);
    expect(script.gaveUp).toEqual([]);
    // The open row's own backoff was asked, with the domain error and its Retry-After.
    expect(backoffSaw.map((e) => (e as AjarError).retryAfterMs)).toEqual([1234, 1234]);
  });

  it("gives up on the last attempt only, with the error's message or a plain one", async () => {
    const script = await enqueue("authorize", "g-down", 3, () => new Error("socket hang up"));
    expect(await ended("g-down")).toBe("failed");
    expect(script.runs).toBe(3);
    expect(script.gaveUp).toEqual([GAVE_UP]);
  });

  it("gives up at once on a final answer, reports it, and ends the job as done", async () => {
    const script = await enqueue(
      "open",
      "g-refused",
      8,
      () => new AjarError("CLOUD.REJECTED", "vm-prod-1 has no network security group."),
    );
    expect(await ended("g-refused")).toBe("completed");
    expect(script.runs).toBe(1);
    expect(script.gaveUp).toEqual(["vm-prod-1 has no network security group."]);
  });

  it("fails a job that has no one to tell on a final answer, without trying it again", async () => {
    const script = await enqueue("announce", "g-announce", 5, () => new AjarError("GRANT.NOT_FOUND", "No such grant."));
    expect(await ended("g-announce")).toBe("failed");
    expect(script.runs).toBe(1);
    expect(script.gaveUp).toEqual([]);
  });
});
