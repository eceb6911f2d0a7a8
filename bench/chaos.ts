/**
 * `npm run chaos`: ajar under a hostile day, with real parts on loopback. A steady stream of short
 * grants through the signed /jit endpoint; the worker, a separate OS process, SIGKILLed about every
 * 5 s and restarted; 20 % of ARM requests failing (5xx, 429, dropped connections); Redis (AOF)
 * SIGKILLed and restarted once. A monitor watches ARM and Redis from outside, then the run prints
 * each figure beside its target and exits 1 on any miss. Not part of `npm test`: it takes minutes.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { stringify } from "yaml";

import { startRedisServer, type PrivateRedis } from "../src/adapters/redis/start-redis-server.js";
import { UNAVAILABLE_TEXT } from "../src/adapters/slack/reply-error.js";
import { parseConfig } from "../src/config/load-config.js";
import { DEMO_BOT_TOKEN, startLocalStack, type LocalStack } from "../src/demo/local-stack.js";
import { armFaults, injectArmFaults } from "./chaos/arm-faults.js";
import { chaosConfig, chaosSeed, nsgIds, subnetNsgId, users, vmNames } from "./chaos/estate.js";
import { ChaosMonitor, LATE_LIMIT_MS } from "./chaos/monitor.js";
import { percentile, printReport, seconds, type Figure } from "./chaos/report.js";
import { leaksShownToUsers } from "./chaos/slack-scan.js";
import { KilledWorker } from "./chaos/worker-process.js";

const GRANTS = 500;
const REQUEST_EVERY_MS = 200;
const DURATION_S = { min: 3, max: 20 };
const KILL_EVERY_MS = 5_000;
const OPERATION_DELAY_MS = 150;
const REDIS_DOWN_MS = 3_000;
/** Redis goes down this far into the request phase. */
const REDIS_KILL_AFTER_MS = 40_000;
/** Hard bounds, so a broken build cannot hang the run. */
const LOCKDOWN_WAIT_MS = 30_000;
const REQUEST_PHASE_MS = 150_000;
const RUN_LIMIT_MS = 240_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

async function main(): Promise<number> {
  const startedAt = Date.now();
  const dir = mkdtempSync(join(tmpdir(), "ajar-chaos-"));
  const logPath = join(dir, "worker.log");
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  const cleanup = async () => {
    for (const c of cleanups.splice(0).reverse())
      await Promise.resolve(c()).catch((e: unknown) => console.error("cleanup:", e));
  };
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    mkdirSync(join(dir, "redis"));
    let redis: PrivateRedis = await startRedisServer({ appendOnly: true, dir: join(dir, "redis") });
    cleanups.push(() => redis.stop("SIGTERM"));
    const seedPath = join(dir, "seed.yaml");
    writeFileSync(seedPath, stringify(chaosSeed()));
    const config = chaosConfig();
    const configPath = join(dir, "ajar.yaml");
    writeFileSync(configPath, stringify(config));
    const prefix = "chaos:";
    const stack: LocalStack = await startLocalStack({
      settings: parseConfig(config, "chaos configuration"),
      redisUrl: redis.url,
      prefix,
      slackUsers: users,
      azure: { seedPath, operationDelayMs: OPERATION_DELAY_MS },
      worker: false,
    });
    cleanups.push(() => stack.close());
    injectArmFaults(stack.azure);

    const worker = new KilledWorker(
      {
        configPath,
        prefix,
        redisUrl: redis.url,
        azureUrl: stack.azure.url,
        slackApiUrl: stack.slack.apiUrl,
        botToken: DEMO_BOT_TOKEN,
        logPath,
      },
      KILL_EVERY_MS,
    );
    cleanups.push(() => worker.stop());
    worker.start();

    const monitor = new ChaosMonitor(stack.azure, stack.runtime.deps.store, nsgIds);
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        await monitor.tick().catch((e: unknown) => console.error("monitor:", e));
        await sleep(500);
      }
    })();
    cleanups.push(async () => {
      watching = false;
      await watcher;
    });

    // The first worker's sweep locks every VM down; grants start once it has (or after a bound).
    const lockedDown = () =>
      vmNames.every((vm) =>
        [subnetNsgId, nsgIds.find((id) => id.endsWith(`nsg-${vm}`))!].every((nsg) =>
          stack.azure.getRules(nsg).some((r) => r.name.startsWith(`ajar-lockdown-${vm}-`)),
        ),
      );
    const lockdownStart = Date.now();
    while (!lockedDown() && Date.now() - lockdownStart < LOCKDOWN_WAIT_MS) await sleep(250);
    const lockdownMs = lockedDown() ? Date.now() - lockdownStart : undefined;

    // Requests at a steady rate, each in flight on its own so an outage does not slow the stream.
    const replies: string[] = [];
    const refusals = new Map<string, number>();
    const inFlight = new Set<Promise<void>>();
    let sent = 0;
    let redisRestarts = 0;
    const phaseStart = Date.now();
    let redisDone = false;
    while (monitor.acknowledged.size < GRANTS && Date.now() - phaseStart < REQUEST_PHASE_MS) {
      if (!redisDone && Date.now() - phaseStart >= REDIS_KILL_AFTER_MS) {
        redisDone = true;
        void (async () => {
          await redis.stop("SIGKILL");
          await sleep(REDIS_DOWN_MS);
          redis = await startRedisServer({ appendOnly: true, dir: redis.dir, port: redis.port });
          redisRestarts += 1;
        })();
      }
      if (sent - monitor.acknowledged.size - countRefusals(refusals) < 40 && sent < GRANTS * 2) {
        sent += 1;
        const user = pick(users);
        const text = `${pick(["ssh", "rdp"])} ${pick(vmNames)} ${DURATION_S.min + Math.floor(Math.random() * (DURATION_S.max - DURATION_S.min + 1))}s`;
        const request = stack.client
          .command({ userId: user.id, userName: user.name, text })
          .then(async (response) => {
            const body = response.body as { text?: string } | string | undefined;
            let reply = typeof body === "string" ? body : (body?.text ?? "");
            replies.push(reply);
            // Past Slack's 3 s, ajar acknowledges and answers later on the response_url: follow it.
            if (reply.startsWith("Working on it")) {
              const later = await stack.slack
                .waitForResponse((r) => r.url === response.responseUrl, 30_000)
                .catch(() => undefined);
              reply = later?.text ?? `no later answer after: ${reply}`;
              if (later) count(refusals, "answered after Slack's 3 s, on the response_url");
            }
            const grantId = /Request `(g-[a-z2-7]{10})` received/.exec(reply)?.[1];
            if (grantId && monitor.acknowledged.size < GRANTS) monitor.acknowledge(grantId, Date.now());
            else if (!grantId)
              count(
                refusals,
                reply === UNAVAILABLE_TEXT ? "briefly unavailable" : `${response.status} ${reply.slice(0, 80)}`,
              );
          })
          .catch((e: unknown) => count(refusals, `no answer: ${String(e).slice(0, 80)}`))
          .finally(() => inFlight.delete(request));
        inFlight.add(request);
      }
      await sleep(REQUEST_EVERY_MS);
    }
    await Promise.race([Promise.all(inFlight), sleep(10_000)]);

    // Drain: every grant final and every allow rule gone, or the run's bound; what is left then is stuck.
    while (Date.now() < startedAt + RUN_LIMIT_MS && (monitor.unfinished() > 0 || monitor.allowRulesLeft() > 0))
      await sleep(1000);
    watching = false;
    await watcher;
    await monitor.tick();
    await worker.stop();

    const final = await monitor.finalFigures();
    const leaks = leaksShownToUsers(stack.slack, replies);
    const armLog = stack.azure.requestLog();
    const figures: Figure[] = [
      {
        name: "grants acknowledged",
        value: monitor.acknowledged.size,
        target: GRANTS,
        pass: monitor.acknowledged.size >= GRANTS,
      },
      {
        name: `rules open > ${LATE_LIMIT_MS / 1000} s past their end`,
        value: monitor.leftOpen.size,
        target: 0,
        pass: monitor.leftOpen.size === 0,
        detail: [...monitor.leftOpen],
      },
      { name: "grants lost", value: final.lost.length, target: 0, pass: final.lost.length === 0, detail: final.lost },
      {
        name: "grants stuck",
        value: final.stuck.length,
        target: 0,
        pass: final.stuck.length === 0,
        detail: final.stuck,
      },
      { name: "conflicts shown to users", value: leaks.length, target: 0, pass: leaks.length === 0, detail: leaks },
      {
        name: "duplicate rules",
        value: monitor.duplicates.size,
        target: 0,
        pass: monitor.duplicates.size === 0,
        detail: [...monitor.duplicates],
      },
    ];
    const pass = figures.every((f) => f.pass);
    printReport({
      figures,
      final,
      facts: {
        "run time": `${Math.round((Date.now() - startedAt) / 1000)} s`,
        "start-up lock-down (all VMs, both NSGs)":
          lockdownMs === undefined ? `not done in ${LOCKDOWN_WAIT_MS / 1000} s` : `${(lockdownMs / 1000).toFixed(1)} s`,
        "worker SIGKILLs / starts": `${worker.kills} / ${worker.starts}`,
        'worker start-up (spawn → "ajar started") p50 / max': startup(worker.startupMs),
        "Redis SIGKILL + restart (AOF)": `${redisRestarts}`,
        "ARM requests / faults injected": armFaults(armLog),
        "commands sent": `${sent}`,
        "commands not acknowledged at once": [...refusals].map(([k, n]) => `${n}× ${k}`).join("; ") || "0",
        "error lines escaping ajar's handling (worker output)": `${worker.unhandled.length}${worker.unhandled.length ? `: ${worker.unhandled.slice(0, 3).join(" | ")}` : ""}`,
        "monitor ticks / Redis reads skipped": `${monitor.ticks} / ${monitor.redisMisses}`,
        "worker log": pass ? "removed (every target met)" : `kept: ${logPath}`,
      },
    });
    // Keep the worker log when something missed: it is the evidence.
    if (!pass) cleanups.splice(0, 1);
    return pass ? 0 : 1;
  } finally {
    await cleanup();
  }
}

function startup(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  return `${seconds(percentile(sorted, 50))} / ${seconds(sorted.at(-1))}`;
}

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function countRefusals(refusals: Map<string, number>): number {
  let n = 0;
  for (const v of refusals.values()) n += v;
  return n;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
