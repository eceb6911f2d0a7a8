import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { setPriority, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

import { Redis } from "ioredis";
import { stringify } from "yaml";

import { freePort, startRedisServer } from "../src/adapters/redis/start-redis-server.js";
import { bundle, runNode, waitForOk, type BenchProcess } from "./ajar-process.js";
import { benchConfig, BOT_TOKEN, SIGNING_SECRET, users, vmNames } from "./command-path/estate.js";
import { cpuSeconds, cpuShare, rssMb, total } from "./command-path/proc-stats.js";
import { quantile, runLoad, type Samples } from "./load-generator.js";
import type { Figure } from "./nsg-reconcile.js";

/** How ajar runs: `ajar all` with its worker thread (the default), `ajar all` with the worker on the web's event loop, or `ajar web` + `ajar worker`. */
export type AjarMode = "thread" | "inline" | "processes";

const RATE = 100;
const P99_TARGET_MS = 50;
const P50_FACTOR = 3;

/** Remote services' CPU is not ajar's: their simulators run at this niceness. */
const SIMULATOR_NICENESS = 10;

/** The ARM and Slack simulators in a process of their own, at a lower CPU priority. */
async function startSimulators(file: string, logPath: string) {
  const [azurePort, slackPort] = [await freePort(), await freePort()];
  const sims = runNode(file, [], { AZURE_SIM_PORT: String(azurePort), SLACK_SIM_PORT: String(slackPort) }, logPath);
  setPriority(sims.child.pid!, SIMULATOR_NICENESS);
  const slackUrl = `http://127.0.0.1:${slackPort}`;
  await waitForOk(`${slackUrl}/`, "the Slack simulator", 60_000, true);
  await waitForOk(`http://127.0.0.1:${azurePort}/`, "the ARM simulator", 60_000, true);
  return {
    azureUrl: `http://127.0.0.1:${azurePort}`,
    slackUrl,
    slackApiUrl: `${slackUrl}/api/`,
    stop: () => sims.stop(),
  };
}

/** Starts ajar as the mode says, against the simulators; resolves once it is ready (workers included). */
async function startAjar(
  mode: AjarMode,
  cli: string,
  env: Record<string, string>,
  logPath: string,
  nodeArgs: string[],
) {
  const port = await freePort();
  const ops = await freePort();
  const roles: [string, Record<string, string>][] =
    mode === "processes"
      ? [
          ["web", { PORT: String(port), METRICS_PORT: String(ops) }],
          ["worker", { PORT: String(await freePort()), METRICS_PORT: String(await freePort()) }],
        ]
      : [["all", { PORT: String(port), METRICS_PORT: String(ops), AJAR_WORKER_THREAD: mode === "thread" ? "1" : "0" }]];
  const started: BenchProcess[] = roles.map(([role, own]) =>
    runNode(cli, [role], { ...env, ...own }, logPath, nodeArgs),
  );
  for (const [role, own] of roles) await waitForOk(`http://127.0.0.1:${own.METRICS_PORT}/readyz`, `ajar ${role}`);
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    metricsUrls: roles.map(([, own]) => `http://127.0.0.1:${own.METRICS_PORT}/metrics`),
    processes: started,
  };
}

/**
 * The Slack command path under load: `/jit ssh <vm> 5s` from many requesters at RATE a second, to
 * ajar and to a bare Bolt app alternately from one open-loop generator, while ajar's worker
 * authorizes, opens and closes the grants those requests create (no approval, 5 s windows, NSG
 * writes that take 50 ms in the ARM simulator).
 */
export async function benchCommandPath(seconds: number, mode: AjarMode = "thread"): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), "ajar-bench-"));
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const [cli, bare, simulators] = await Promise.all([
      bundle("src/cli.ts", "cli"),
      bundle("bench/bare-bolt.ts", "bare-bolt"),
      bundle("bench/command-path/simulators.ts", "simulators"),
    ]);
    stops.push(async () => [cli, bare, simulators].forEach((file) => rmSync(file, { force: true })));
    const redis = await startRedisServer();
    stops.push(() => redis.stop());
    const sims = await startSimulators(simulators, join(dir, "simulators.log"));
    stops.push(() => sims.stop());
    const configPath = join(dir, "ajar.yaml");
    writeFileSync(configPath, stringify(benchConfig()));
    const env = {
      AJAR_CONFIG: configPath,
      REDIS_URL: redis.url,
      AZURE_ARM_ENDPOINT: sims.azureUrl,
      AZURE_ARM_TOKEN: "local",
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: sims.slackApiUrl,
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
    };
    // e.g. `--cpu-prof --cpu-prof-dir=/tmp/ajar-prof`, to see where ajar's time goes
    const nodeArgs = process.env.BENCH_AJAR_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
    const logPath = join(dir, "ajar.log");
    const barePort = await freePort();
    const bareBolt = runNode(bare, [], { ...env, PORT: String(barePort) }, join(dir, "bare-bolt.log"));
    stops.push(() => bareBolt.stop());
    const ajar = await startAjar(mode, cli, env, logPath, nodeArgs);
    stops.push(...ajar.processes.map((p) => () => p.stop()));
    // BENCH_AJAR_CPUS=1: every thread of ajar on that CPU alone, as in a container limited to one core.
    const cpus = process.env.BENCH_AJAR_CPUS;
    if (cpus) for (const p of ajar.processes) execFileSync("taskset", ["-a", "-cp", cpus, String(p.child.pid)]);
    await waitForOk(`http://127.0.0.1:${barePort}/`, "bare Bolt", 30_000, true);

    const pids = ajar.processes.map((p) => p.child.pid!);
    // The web's main thread is its process's first task: its CPU alone is what answering Slack costs.
    const cpu = {
      ajar: cpuShare(() => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0)),
      web: cpuShare(() => cpuSeconds(pids[0], pids[0])),
      bare: cpuShare(() => cpuSeconds(bareBolt.child.pid)),
    };
    // Scraping resets the event loop histogram: what is read after the load covers the load alone.
    await fetch(ajar.metricsUrls[0]!).then((r) => r.text());
    const samples = await runLoad({
      targets: [
        {
          name: "bare",
          url: `http://127.0.0.1:${barePort}/slack/events`,
          signingSecret: SIGNING_SECRET,
          expect: /received/,
        },
        { name: "ajar", url: ajar.url, signingSecret: SIGNING_SECRET, expect: /Request `g-[a-z2-7]{10}` received/ },
      ],
      rate: RATE,
      seconds,
      warmupSeconds: 2,
      command: (k) => ({ userId: users[k % users.length]!.id, text: `ssh ${vmNames[k % vmNames.length]} 5s` }),
      responseUrl: `${sims.slackUrl}/response/bench`,
    });
    const used = { ajar: cpu.ajar.stop(), web: cpu.web.stop(), bare: cpu.bare.stop() };
    const scrapes = await Promise.all(ajar.metricsUrls.map((u) => fetch(u).then((r) => r.text())));
    const check = new Redis(redis.url);
    const intake = await check.llen("ajar:intake").finally(() => check.disconnect());
    const percent = (share: number) => `${(share * 100).toFixed(0)} % of a core`;
    const webLag = Number(/^ajar_nodejs_eventloop_lag_p99_seconds (\S+)/m.exec(scrapes[0] ?? "")?.[1]) * 1000;
    const rss = pids.reduce((sum, pid) => sum + rssMb(pid), 0);
    const worker = [
      `ajar used ${percent(used.ajar)} (its web thread ${percent(used.web)}) and ${rss.toFixed(0)} MB, web event loop lag p99 ${ms(webLag)}`,
      `${total(scrapes, "ajar_grants_total", 'status="active"')} grants opened and ${total(scrapes, "ajar_grants_total", 'reason="expired"')} closed meanwhile, ${total(scrapes, "ajar_arm_requests_total")} ARM calls`,
      `left: ${intake} in the intake, ${total(scrapes, "ajar_queue_jobs", 'state="waiting"')} jobs waiting, ${total(scrapes, "ajar_queue_jobs", 'state="delayed"')} delayed`,
    ].join("; ");
    const how = {
      thread: "`ajar all`, worker in a thread",
      inline: "`ajar all`, worker on the web's event loop",
      processes: "`ajar web` + `ajar worker`",
    }[mode];
    const setting = `${RATE}/s each for ${seconds} s, ajar as ${how}; the bare app used ${percent(used.bare)}`;
    return figures(samples.get("bare")!, samples.get("ajar")!, setting, worker);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    if (process.env.BENCH_KEEP_LOGS) console.log(`logs kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

/** Both sides' figures, and the targets: ajar's p99 within P99_TARGET_MS, its p50 within P50_FACTOR × the bare app's. */
function figures(bare: Samples, ajar: Samples, setting: string, worker: string): Figure[] {
  const p = (s: Samples, q: number) => quantile(s.latencies, q);
  const line = (s: Samples) =>
    `p50 ${ms(p(s, 0.5))}, p99 ${ms(p(s, 0.99))}, ${s.latencies.length} answered, ${s.failed} failed${s.firstFailure ? ` (first: ${s.firstFailure})` : ""}`;
  return [
    { name: "bare Bolt app, /jit acknowledged", value: line(bare), beside: setting, ok: bare.failed === 0 },
    { name: "ajar, /jit request answered", value: line(ajar), beside: worker, ok: ajar.failed === 0 },
    {
      name: `ajar p99 ≤ ${P99_TARGET_MS} ms`,
      value: ms(p(ajar, 0.99)),
      beside: `bare ${ms(p(bare, 0.99))}`,
      ok: p(ajar, 0.99) <= P99_TARGET_MS,
    },
    {
      name: `ajar p50 ≤ ${P50_FACTOR} × bare p50`,
      value: ms(p(ajar, 0.5)),
      beside: `limit ${ms(P50_FACTOR * p(bare, 0.5))}`,
      ok: p(ajar, 0.5) <= P50_FACTOR * p(bare, 0.5),
    },
  ];
}

/** `tsx bench/command-path.ts`: this bench alone (BENCH_SECONDS, BENCH_AJAR_MODE=thread|inline|processes). */
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const mode = (process.env.BENCH_AJAR_MODE ?? "thread") as AjarMode;
  benchCommandPath(Number(process.env.BENCH_SECONDS ?? 30), mode).then(
    (figures) => {
      for (const f of figures) console.log(`${f.ok ? "ok  " : "MISS"} ${f.name}: ${f.value}   [${f.beside}]`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
