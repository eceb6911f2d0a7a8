import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { build } from "esbuild";
import { stringify } from "yaml";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CACHE = join(ROOT, "node_modules", ".cache", "ajar-process");

const bundles = new Map<string, Promise<string>>();

/**
 * A TypeScript entry point as compiled JavaScript, built once per process into node_modules/.cache
 * (one file per process: test files run side by side in several), with the packages left as imports.
 */
export function bundleOnce(entry: string, name: string): Promise<string> {
  const outfile = join(CACHE, `${name}-${process.pid}.mjs`);
  let bundled = bundles.get(outfile);
  if (!bundled) {
    bundled = build({
      entryPoints: [entry],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      outfile,
      logLevel: "error",
    }).then(() => {
      process.once("exit", () => rmSync(outfile, { force: true }));
      return outfile;
    });
    bundles.set(outfile, bundled);
  }
  return bundled;
}

/**
 * ajar as an operator runs it: compiled JavaScript, not TypeScript transpiled on the fly (which alone
 * takes seconds on a busy machine and would be measured as start-up).
 */
export const ajarBundle = (): Promise<string> => bundleOnce(join(ROOT, "src", "cli.ts"), "cli");

export interface AjarProcess {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  exited: Promise<number | null>;
  /** Kills it if it still runs and removes its config directory. */
  cleanup(): void;
}

export interface AjarProcessOptions {
  config: Record<string, unknown>;
  prefix: string;
  redisUrl: string;
  azureUrl: string;
  slackApiUrl: string;
  botToken: string;
  env?: Record<string, string>;
  /** Options for node itself, before the script (e.g. `--expose-gc`). */
  nodeArgs?: string[];
}

/** Runs `ajar <role>` as its own process (the compiled CLI, as an operator starts it) against the simulators. */
export async function spawnAjarProcess(
  role: "all" | "web" | "worker",
  options: AjarProcessOptions,
): Promise<AjarProcess> {
  const cli = await ajarBundle();
  const dir = mkdtempSync(join(tmpdir(), "ajar-process-"));
  writeFileSync(join(dir, "ajar.yaml"), stringify(options.config));
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), cli, role], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      AJAR_CONFIG: join(dir, "ajar.yaml"),
      AJAR_KEY_PREFIX: options.prefix,
      REDIS_URL: options.redisUrl,
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
