import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { loadAzureSeed, startAzureSimulator } from "../../src/simulators/azure/index.js";
import { startSlackSimulator } from "../../src/simulators/slack/index.js";
import { E2E_SEED, USERS } from "./e2e.js";
import { createTestRedis, deleteKeys, testRedisUrl, uniquePrefix } from "./redis.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface AjarProcess {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  exited: Promise<number | null>;
  /** Kills it if it still runs and removes its config directory. */
  cleanup(): void;
}

/** Runs `ajar <role>` as its own process (the CLI, as an operator starts it) against the simulators. */
export function spawnAjar(role: "all" | "web" | "worker", options: { config: Record<string, unknown>; prefix: string; azureUrl: string; slackApiUrl: string; botToken: string; env?: Record<string, string> }): AjarProcess {
  const dir = mkdtempSync(join(tmpdir(), "ajar-process-"));
  writeFileSync(join(dir, "ajar.yaml"), stringify(options.config));
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", role], {
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
export async function processEstate(cleanups: (() => Promise<void> | void)[], label: string, botToken: string, operationDelayMs: number) {
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
