import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { build } from "esbuild";
import { stringify } from "yaml";

import { loadAzureSeed, startAzureSimulator } from "../../src/simulators/azure/index.js";
import { startSlackSimulator } from "../../src/simulators/slack/index.js";
import { E2E_SEED, USERS } from "./e2e.js";
import { createTestRedis, deleteKeys, testRedisUrl, uniquePrefix } from "./redis.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
// One per test process: test files run side by side in several processes.
const BUNDLE = join(ROOT, "node_modules", ".cache", "ajar-process", `cli-${process.pid}.mjs`);

let bundled: Promise<string> | undefined;

/**
 * ajar as an operator runs it: compiled JavaScript, not TypeScript transpiled on the fly (which alone
 * takes seconds on a busy machine and would be measured as start-up). Built once per test process
 * into node_modules/.cache, with the packages left as imports.
 */
export function ajarBundle(): Promise<string> {
  bundled ??= build({
    entryPoints: [join(ROOT, "src", "cli.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outfile: BUNDLE,
    logLevel: "error",
  }).then(() => {
    process.once("exit", () => rmSync(BUNDLE, { force: true }));
    return BUNDLE;
  });
  return bundled;
}

export interface AjarProcess {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  exited: Promise<number | null>;
  /** Kills it if it still runs and removes its config directory. */
  cleanup(): void;
}

/** Runs `ajar <role>` as its own process (the compiled CLI, as an operator starts it) against the simulators. */
export async function spawnAjar(
  role: "all" | "web" | "worker",
  options: {
    config: Record<string, unknown>;
    prefix: string;
    azureUrl: string;
    slackApiUrl: string;
    botToken: string;
    env?: Record<string, string>;
  },
): Promise<AjarProcess> {
  const cli = await ajarBundle();
  const dir = mkdtempSync(join(tmpdir(), "ajar-process-"));
  writeFileSync(join(dir, "ajar.yaml"), stringify(options.config));
  const child = spawn(process.execPath, [cli, role], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      AJAR_CONFIG: join(dir, "ajar.yaml"),
      AJAR_KEY_PREFIX: options.prefix,
      REDIS_URL: testRedisUrl(),
      AZURE_ARM_ENDPOINT: options.azureUrl,
      AZURE_ARM_TOKEN: "local",
      SLACK_BOT_TOKEN: options.botToken,
      SLACK_SIGNING_SECRET: "ajar-process-secret",
      SLACK_API_URL: options.slackApiUrl,
      LOG_LEVEL: "warn",
      PORT: "0",
      HOST: "127.0.0.1",
      METRICS_PORT: "0",
      ...options.env,
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    cleanup() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * What a separate ajar process needs around it: the ARM simulator on the e2e estate, the Slack
 * simulator and a key prefix of its own, each registered for clean-up.
 */
export async function processEstate(
  cleanups: (() => Promise<void> | void)[],
  label: string,
  botToken: string,
  operationDelayMs: number,
) {
  const azure = await startAzureSimulator({ seed: await loadAzureSeed(E2E_SEED), operationDelayMs });
  cleanups.push(() => azure.close());
  const slack = await startSlackSimulator({ botToken, users: USERS });
  cleanups.push(() => slack.close());
  const prefix = `${uniquePrefix(label)}:`;
  cleanups.push(async () => {
    const redis = createTestRedis();
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });
  return { azure, slack, prefix };
}
