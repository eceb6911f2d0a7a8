import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface WorkerEnv {
  configPath: string;
  prefix: string;
  redisUrl: string;
  azureUrl: string;
  slackApiUrl: string;
  botToken: string;
  /** Every line the worker processes print goes here (it is the first place to look after a miss). */
  logPath: string;
}

/** A worker that never says it started is killed anyway after this long. */
const START_LIMIT_MS = 30_000;

/**
 * Runs `ajar worker` as its own OS process, as an operator starts it, and SIGKILLs it about
 * `everyMs` (±20 %) after it reports "ajar started", starting a fresh one right after each kill
 * until stopped. The clock starts at "started", not at spawn: on a loaded machine loading the
 * modules alone can take longer than 5 s, and a worker killed before it ever ran proves nothing.
 */
export class KilledWorker {
  private child: ChildProcess | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  kills = 0;
  starts = 0;
  /** Spawn to "ajar started", ms, one per start that got there. */
  startupMs: number[] = [];
  /** Lines that show an error escaped ajar's handling (Node's "Unhandled error event", uncaught stacks). */
  unhandled: string[] = [];

  constructor(
    private readonly env: WorkerEnv,
    private readonly everyMs: number,
  ) {}

  start(): void {
    if (this.stopping) return;
    this.starts += 1;
    const n = this.starts;
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "worker"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        AJAR_CONFIG: this.env.configPath,
        AJAR_KEY_PREFIX: this.env.prefix,
        REDIS_URL: this.env.redisUrl,
        AZURE_ARM_ENDPOINT: this.env.azureUrl,
        AZURE_ARM_TOKEN: "local",
        SLACK_BOT_TOKEN: this.env.botToken,
        SLACK_SIGNING_SECRET: "ajar-chaos-secret",
        SLACK_API_URL: this.env.slackApiUrl,
        LOG_LEVEL: "info",
        PORT: "0",
        HOST: "127.0.0.1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    const spawnedAt = Date.now();
    let started = false;
    const log = (d: Buffer) => {
      const text = d.toString();
      appendFileSync(this.env.logPath, text.replace(/^(?=.)/gm, `[worker ${n}] `));
      if (!started && text.includes('"msg":"ajar started"')) {
        started = true;
        this.startupMs.push(Date.now() - spawnedAt);
        this.armKill(this.everyMs * (0.8 + Math.random() * 0.4));
      }
      for (const line of text.split("\n"))
        if (/Unhandled error event|UnhandledPromiseRejection|^\s+at .+:\d+:\d+\)?$/.test(line))
          this.unhandled.push(`[worker ${n}] ${line}`);
    };
    child.stdout?.on("data", log);
    child.stderr?.on("data", log);
    child.once("exit", (code, signal) => {
      if (this.child === child) this.child = undefined;
      if (signal !== "SIGKILL")
        appendFileSync(this.env.logPath, `[worker ${n}] exited on its own: code ${code} signal ${signal}\n`);
      // A worker that dies by itself is restarted too (and shows in the log): the kill loop goes on.
      if (!this.stopping && signal !== "SIGKILL") {
        if (this.timer) clearTimeout(this.timer);
        setTimeout(() => this.start(), 200);
      }
    });
    this.armKill(START_LIMIT_MS);
  }

  private armKill(afterMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.killAndRestart(), afterMs);
  }

  private async killAndRestart(): Promise<void> {
    const child = this.child;
    if (this.stopping || !child) return;
    await kill(child);
    this.kills += 1;
    this.start();
  }

  /** Stops the loop and kills the running worker. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.child) await kill(this.child);
  }
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}
