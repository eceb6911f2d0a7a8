import { fileURLToPath, pathToFileURL } from "node:url";

import { freePort } from "../../src/adapters/redis/start-redis-server.js";
import { until } from "../../src/demo/until.js";
import {
  bundleOnce,
  spawnAjarProcess,
  type AjarProcess,
  type AjarProcessOptions,
} from "../../test/support/ajar-bundle.js";

export interface MemoryUsage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Resident bytes by kind of mapping, where the system says (Linux). */
  resident?: Record<string, number>;
}

export interface ProbedAjar {
  process: AjarProcess;
  port: number;
  /** A full garbage collection in the ajar process, then its memory as process.memoryUsage() says. */
  memory(): Promise<MemoryUsage>;
  /**
   * The memory of the process left alone: readings (each after a full GC) every few seconds over
   * `windowMs`, the one with the least RSS, and the most RSS seen. V8 hands back the pages a burst of
   * work took only some seconds after it, and the sweep runs every minute: one reading catches either.
   */
  settled(windowMs?: number): Promise<{ least: MemoryUsage; mostRss: number }>;
  /** Writes a heap snapshot of the ajar process to `file`. */
  snapshot(file: string): Promise<string>;
}

const PROBE = fileURLToPath(new URL("./memory-probe.ts", import.meta.url));

/** `ajar all` as an operator starts it, with the memory probe loaded and garbage collection exposed. */
export async function startProbedAjar(options: Omit<AjarProcessOptions, "nodeArgs">): Promise<ProbedAjar> {
  const probe = pathToFileURL(await bundleOnce(PROBE, "memory-probe")).href;
  const port = await freePort();
  const ajar = await spawnAjarProcess("all", {
    ...options,
    env: { ...options.env, PORT: String(port) },
    nodeArgs: ["--expose-gc", "--import", probe],
  });
  const ask = async <T>(line: string, kind: string): Promise<T> => {
    const seen = answers(ajar.output(), kind).length;
    ajar.child.stdin.write(`${line}\n`);
    return until(`the probe's answer to "${line}"`, () => answers(ajar.output(), kind)[seen] as T | undefined, 120_000);
  };
  await until(
    "ajar to answer /healthz",
    async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.status === 200,
    60_000,
    100,
  ).catch((error: unknown) => {
    ajar.cleanup();
    throw new Error(`${String(error)}\n${ajar.output()}`);
  });
  return {
    process: ajar,
    port,
    memory: () => ask<MemoryUsage>("gc", "gc"),
    async settled(windowMs = 60_000) {
      const readings: MemoryUsage[] = [];
      for (const end = Date.now() + windowMs; readings.length === 0 || Date.now() < end;) {
        readings.push(await ask<MemoryUsage>("gc", "gc"));
        await new Promise((r) => setTimeout(r, 5000));
      }
      const least = readings.reduce((a, b) => (b.rss < a.rss ? b : a));
      return { least, mostRss: Math.max(...readings.map((r) => r.rss)) };
    },
    snapshot: async (file) => (await ask<{ file: string }>(`snapshot ${file}`, "snapshot")).file,
  };
}

function answers(output: string, kind: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("@probe "))
    .map((line) => JSON.parse(line.slice("@probe ".length)) as Record<string, unknown>)
    .filter((body) => body.kind === kind);
}
