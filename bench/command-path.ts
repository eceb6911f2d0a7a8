import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { setPriority, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

import { stringify } from "yaml";

import { freePort, startRedisServer } from "../src/adapters/redis/start-redis-server.js";
import { bundle, runNode, waitForOk, type BenchProcess } from "./ajar-process.js";
import { benchConfig, BOT_TOKEN, SIGNING_SECRET, users, vmNames } from "./command-path/estate.js";
import { quantile, runLoad } from "./load-generator.js";
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

/** CPU seconds a process (or with `thread`, one of its threads) has used so far (Linux /proc; 0 elsewhere). */
function cpuSeconds(pid: number | undefined, thread?: number): number {
  try {
    const path = thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`;
    const fields = readFileSync(path, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Resident memory of a process, MB (Linux /proc). */
function rssMb(pid: number | undefined): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Sums the samples of a metric family (optionally one label value) across scrapes. */
function total(scrapes: string[], name: string, label?: string): number {
  let sum = 0;
  for (const text of scrapes)
    for (const line of text.split("\n"))
      if (line.startsWith(`${name}{`) && (!label || line.includes(label))) sum += Number(line.split(" ").pop());
  return sum;
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
    // BENCH_AJAR_CPUS=1: every thread of ajar on that CPU alone, as in a container limited to one core.
    const cpus = process.env.BENCH_AJAR_CPUS;
    if (cpus) for (const p of ajar.processes) execFileSync("taskset", ["-a", "-cp", cpus, String(p.child.pid)]);
    stops.push(...ajar.processes.map((p) => () => p.stop()));
    await waitForOk(`http://127.0.0.1:${barePort}/`, "bare Bolt", 30_000, true);

    const cpu = () => ajar.processes.reduce((sum, p) => sum + cpuSeconds(p.child.pid), 0);
    // The web's main thread is the process's first task: its CPU alone is what answering Slack costs.
    const web = ajar.processes[0]!.child.pid;
    const webCpu = () => cpuSeconds(web, web);
    const bareCpu = () => cpuSeconds(bareBolt.child.pid);
    const [cpuBefore, webBefore, bareBefore] = [cpu(), webCpu(), bareCpu()];
    const loadStarted = Date.now();
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
    const elapsed = (Date.now() - loadStarted) / 1000;
    const cpuShare = (cpu() - cpuBefore) / elapsed;
    const rss = ajar.processes.reduce((sum, p) => sum + rssMb(p.child.pid), 0);
    const webShare = (webCpu() - webBefore) / elapsed;
    const bareShare = (bareCpu() - bareBefore) / elapsed;
    const scrapes = await Promise.all(ajar.metricsUrls.map((u) => fetch(u).then((r) => r.text())));
    const webLag = Number(/^ajar_nodejs_eventloop_lag_p99_seconds (\S+)/m.exec(scrapes[0] ?? "")?.[1] ?? NaN) * 1000;

    const bareSamples = samples.get("bare")!;
    const ajarSamples = samples.get("ajar")!;
    const p = (s: typeof bareSamples, q: number) => quantile(s.latencies, q);
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    const line = (s: typeof bareSamples) =>
      `p50 ${ms(p(s, 0.5))}, p99 ${ms(p(s, 0.99))}, ${s.latencies.length} answered, ${s.failed} failed${s.firstFailure ? ` (first: ${s.firstFailure})` : ""}`;
    const worker = `ajar used ${(cpuShare * 100).toFixed(0)} % of a core (web thread ${(webShare * 100).toFixed(0)} %) and ${rss.toFixed(0)} MB, web event loop lag p99 ${ms(webLag)}; ${total(scrapes, "ajar_grants_total", 'status="active"')} grants opened, ${total(scrapes, "ajar_grants_total", 'reason="expired"')} closed at expiry, ${total(scrapes, "ajar_arm_requests_total")} ARM calls; queue now ${total(scrapes, "ajar_queue_jobs", 'state="wait"')} waiting, ${total(scrapes, "ajar_queue_jobs", 'state="delayed"')} delayed`;
    const setting = `${RATE}/s each for ${seconds} s, ajar as ${mode === "processes" ? "`ajar web` + `ajar worker`" : `\`ajar all\`, worker ${mode === "thread" ? "in a thread" : "on the web's event loop"}`}`;
    return [
      {
        name: "bare Bolt app, /jit acknowledged",
        value: line(bareSamples),
        beside: `${setting}; bare app used ${(bareShare * 100).toFixed(0)} % of a core`,
        ok: bareSamples.failed === 0,
      },
      { name: "ajar, /jit request answered", value: line(ajarSamples), beside: worker, ok: ajarSamples.failed === 0 },
      {
        name: `ajar p99 ≤ ${P99_TARGET_MS} ms`,
        value: ms(p(ajarSamples, 0.99)),
        beside: `bare ${ms(p(bareSamples, 0.99))}`,
        ok: p(ajarSamples, 0.99) <= P99_TARGET_MS,
      },
      {
        name: `ajar p50 ≤ ${P50_FACTOR} × bare p50`,
        value: ms(p(ajarSamples, 0.5)),
        beside: `limit ${ms(P50_FACTOR * p(bareSamples, 0.5))}`,
        ok: p(ajarSamples, 0.5) <= P50_FACTOR * p(bareSamples, 0.5),
      },
    ];
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    if (process.env.BENCH_KEEP_LOGS) console.log(`logs kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
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
