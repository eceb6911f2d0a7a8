import { mkdirSync } from "node:fs";
import { join } from "node:path";

import { Queue } from "bullmq";
import { Redis } from "ioredis";

import { QUEUE_NAME, RECONCILE_QUEUE_NAME } from "../src/adapters/bullmq/job-names.js";
import { RedisGrantStore } from "../src/adapters/redis/redis-grant-store.js";
import { startRedisServer } from "../src/adapters/redis/start-redis-server.js";
import { until } from "../src/demo/until.js";
import { FINAL_STATUSES, OPEN_STATUSES } from "../src/domain/grant/grant.js";
import { startAzureSimulator } from "../src/simulators/azure/index.js";
import { createSlackClient, startSlackSimulator } from "../src/simulators/slack/index.js";
import { bytesByClass, usedMemory } from "../test/support/redis-bytes.js";
import { nsgId, requesters, scaleConfig, scaleSeed, sourceOf, VM_COUNT, vmName } from "./memory/estate.js";
import { startProbedAjar, type MemoryUsage } from "./memory/probed-ajar.js";
import type { Figure } from "./nsg-reconcile.js";

const PREFIX = "ajar:";
const TOKEN = "xoxb-ajar-memory";
/** Commands in flight at once, and how many grants may be queued but not yet open before sending waits. */
const SENDERS = 8;
const MAX_BACKLOG = 200;
const SETTLE_MS = 10_000;
/** How long memory is watched once the process is quiet (see ProbedAjar.settled). */
const WATCH_MS = Number(process.env.BENCH_WATCH_MS ?? 60_000);

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(2)} KB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(0)} s`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `ajar all` in its own process against the simulators and a private redis-server: its memory idle,
 * then with `grants` open grants made through `/jit` (signed slash commands to its HTTP endpoint, as
 * fast as the process takes them), and what Redis holds per grant.
 */
export async function benchGrantMemory(
  grants = Number(process.env.BENCH_GRANTS ?? 10_000),
  snapshots = process.env.BENCH_HEAP_SNAPSHOTS,
): Promise<Figure[]> {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  try {
    const redisServer = await startRedisServer();
    cleanups.push(() => redisServer.stop());
    const redis = new Redis(redisServer.url, { maxRetriesPerRequest: null });
    cleanups.push(() => redis.disconnect());
    const azure = await startAzureSimulator({ seed: scaleSeed(), operationDelayMs: 20 });
    cleanups.push(() => azure.close());
    const slack = await startSlackSimulator({ botToken: TOKEN, users: requesters });
    cleanups.push(() => slack.close());
    const ajar = await startProbedAjar({
      config: scaleConfig(),
      prefix: PREFIX,
      redisUrl: redisServer.url,
      azureUrl: azure.url,
      slackApiUrl: slack.apiUrl,
      botToken: TOKEN,
      // As `npm start` and the image run it; BENCH_CHILD_ENV (JSON) adds to or overrides its environment.
      env: {
        MALLOC_ARENA_MAX: "2",
        ...(process.env.BENCH_CHILD_ENV ? (JSON.parse(process.env.BENCH_CHILD_ENV) as Record<string, string>) : {}),
      },
    });
    cleanups.push(() => ajar.process.cleanup());
    const queues = [QUEUE_NAME, RECONCILE_QUEUE_NAME].map(
      // Only to count jobs: without skipMetasUpdate this Queue would reset the queue's settings (its events cap).
      (name) => new Queue(name, { connection: redis, prefix: `${PREFIX}bull`, skipMetasUpdate: true }),
    );
    cleanups.push(() => Promise.all(queues.map((q) => q.close())));
    const backlog = async () =>
      (await Promise.all(queues.map((q) => q.getJobCounts("waiting", "active", "prioritized"))))
        .flatMap((counts) => Object.values(counts))
        .reduce((a, b) => a + b, 0);
    const quiet = async () => {
      await until("the queues to drain", async () => (await backlog()) === 0, 600_000, 500);
      await sleep(SETTLE_MS);
    };

    await until(
      "every VM locked down",
      () =>
        Array.from({ length: VM_COUNT }, (_, i) =>
          azure
            .getRules(nsgId(i))
            .some((r) => r.name.startsWith("ajar-lockdown-") && r.provisioningState === "Succeeded"),
        ).every(Boolean),
      120_000,
      250,
    );
    await quiet();
    // Memory first: writing a heap snapshot takes memory of its own.
    const idle = await ajar.settled(WATCH_MS);
    const redisIdle = await usedMemory(redis);
    if (snapshots) mkdirSync(snapshots, { recursive: true });
    if (snapshots) await ajar.snapshot(join(snapshots, "idle.heapsnapshot"));

    const client = createSlackClient({
      endpoint: `http://127.0.0.1:${ajar.port}/slack/events`,
      signingSecret: "ajar-process-secret",
      simulator: slack,
      timeoutMs: 30_000,
    });
    const refused: string[] = [];
    let next = 0;
    const started = Date.now();
    const sender = async () => {
      for (let i = next++; i < grants; i = next++) {
        if (i % 50 === 0)
          await until("the backlog to shrink", async () => (await backlog()) < MAX_BACKLOG, 600_000, 200);
        const user = requesters[i % requesters.length]!;
        const text = `ssh ${vmName(i % VM_COUNT)} 6h from ${sourceOf(i)}`;
        const reply = await client.command({ userId: user.id, userName: user.name, text });
        const body = reply.body as { text?: string } | undefined;
        // Past Slack's 3 s the answer comes later through the response URL; the request still stands.
        if (!/Request `g-[a-z2-7]{10}` received|Working on it/.test(body?.text ?? ""))
          refused.push(`${reply.status} ${body?.text ?? reply.text}`);
        if ((i + 1) % 1000 === 0) console.error(`  … ${i + 1} requests sent after ${seconds(Date.now() - started)}`);
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, sender));
    if (refused.length > 0) throw new Error(`${refused.length} requests were refused, e.g. ${refused[0]}`);
    const store = new RedisGrantStore(redis, PREFIX);
    await until(
      `${grants} grants to be open`,
      async () => {
        const open = await store.list({ statuses: [...OPEN_STATUSES], limit: grants + 1 });
        const ended = await store.list({ statuses: [...FINAL_STATUSES], limit: 1 });
        if (ended[0]) throw new Error(`${ended[0].id} is ${ended[0].status}: ${ended[0].failure ?? ""}`);
        const active = open.filter((g) => g.status === "active").length;
        console.error(`  … ${active} open after ${seconds(Date.now() - started)}`);
        return active === grants;
      },
      1_800_000,
      5000,
    );
    const openedIn = Date.now() - started;
    await quiet();
    const loaded = await ajar.settled(WATCH_MS);
    const redisLoaded = await usedMemory(redis);
    if (snapshots) await ajar.snapshot(join(snapshots, `grants-${grants}.heapsnapshot`));
    const classes = await bytesByClass(redis, PREFIX);
    return figures(grants, { idle, loaded, redisIdle, redisLoaded, openedIn, classes });
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

function figures(
  grants: number,
  watched: {
    idle: { least: MemoryUsage; mostRss: number };
    loaded: { least: MemoryUsage; mostRss: number };
    redisIdle: number;
    redisLoaded: number;
    openedIn: number;
    classes: Map<string, { keys: number; bytes: number }>;
  },
): Figure[] {
  const m = { ...watched, idle: watched.idle.least, loaded: watched.loaded.least };
  const n = grants.toLocaleString("en-US");
  const rssPerGrant = (m.loaded.rss - m.idle.rss) / grants;
  const redisPerGrant = (m.redisLoaded - m.redisIdle) / grants;
  const breakdown = [...m.classes]
    .sort(([, a], [, b]) => b.bytes - a.bytes)
    .map(([name, c]) => `${name} ${Math.round(c.bytes / grants)} B (${c.keys} keys)`)
    .join("; ");
  return [
    {
      name: `memory: ${n} grants opened through /jit`,
      value: `${seconds(m.openedIn)} (${((grants / m.openedIn) * 1000).toFixed(1)} grants/s)`,
      beside: "how fast this machine made them; not a target",
      ok: true,
    },
    {
      name: `memory: ajar process RSS idle → with ${n} open grants`,
      value: `${mb(m.idle.rss)} → ${mb(m.loaded.rss)}, +${kb(rssPerGrant)} per grant`,
      beside: `target ≤ 10 KB per grant (≤ ${mb(grants * 10 * 1024)} more); least of readings after a full GC over ${seconds(WATCH_MS)} (most: ${mb(watched.idle.mostRss)} idle, ${mb(watched.loaded.mostRss)} loaded)`,
      ok: rssPerGrant <= 10 * 1024,
    },
    {
      // process.memoryUsage() sees the main thread's isolate only: `ajar all`'s worker thread shows in RSS.
      name: "memory: JS heap of the main (web) thread used idle → loaded",
      value: `${mb(m.idle.heapUsed)} → ${mb(m.loaded.heapUsed)}, +${kb((m.loaded.heapUsed - m.idle.heapUsed) / grants)} per grant`,
      beside: `after a full GC; V8 heap reserved ${mb(m.idle.heapTotal)} → ${mb(m.loaded.heapTotal)}, external ${mb(m.idle.external)} → ${mb(m.loaded.external)}, array buffers ${mb(m.idle.arrayBuffers)} → ${mb(m.loaded.arrayBuffers)}`,
      ok: true,
    },
    {
      name: "memory: resident memory by kind of mapping, idle → loaded",
      value: Object.keys(m.loaded.resident ?? {})
        .map((k) => `${k} ${mb(m.idle.resident?.[k] ?? 0)} → ${mb(m.loaded.resident?.[k] ?? 0)}`)
        .join("; "),
      beside:
        "malloc's main heap, large anonymous mappings (its other arenas), other anonymous ones (V8's pages among them), files",
      ok: true,
    },
    {
      name: "memory: Redis bytes per open grant",
      value: `${Math.round(redisPerGrant)} B (used_memory ${mb(m.redisIdle)} → ${mb(m.redisLoaded)})`,
      beside: "target ≤ 3 KB; INFO used_memory delta / grants, everything a grant adds included",
      ok: redisPerGrant <= 3 * 1024,
    },
    {
      name: "memory: Redis keys by kind, MEMORY USAGE per grant",
      value: breakdown,
      beside: "where the bytes are",
      ok: true,
    },
  ];
}
