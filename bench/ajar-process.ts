import { spawn, type ChildProcess } from "node:child_process";
import { openSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CACHE = join(ROOT, "node_modules", ".cache", "ajar-bench");

/**
 * Compiles an entry to one JavaScript file (packages left as imports), so what the bench measures
 * runs as an operator runs it: plain node, no TypeScript transpiled on the fly.
 */
export async function bundle(entry: string, name: string): Promise<string> {
  const outfile = join(CACHE, `${name}-${process.pid}.mjs`);
  await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outfile,
    logLevel: "error",
  });
  return outfile;
}

export interface BenchProcess {
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Runs `node <nodeArgs> <file> <args>` from the repository root, its output appended to `logPath`. */
export function runNode(
  file: string,
  args: string[],
  env: Record<string, string>,
  logPath: string,
  nodeArgs: string[] = [],
): BenchProcess {
  const log = openSync(logPath, "a");
  const child = spawn(process.execPath, [...nodeArgs, file, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", log, log],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls a URL until it answers 200 (or, with `anyAnswer`, anything at all). */
export async function waitForOk(url: string, what: string, timeoutMs = 60_000, anyAnswer = false): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200 || (anyAnswer && status > 0)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not become ready within ${timeoutMs} ms (${url})`);
}
