import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Starts a private redis-server on a free loopback port. The demo and the test suite use it so that
 * nothing depends on a Redis someone else runs (or on its data).
 */
export interface PrivateRedis {
  url: string;
  port: number;
  dir: string;
  /** Stops the server; SIGKILL simulates a crash (no final AOF rewrite, no goodbye). */
  stop(signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
}

export interface StartRedisOptions {
  /** Keep an append-only file so a restart on the same dir recovers the data. */
  appendOnly?: boolean;
  /** Reuse a data directory (for restart tests); a temporary one is made otherwise. */
  dir?: string;
  port?: number;
  binary?: string;
}

export function findRedisServer(binary = process.env.REDIS_SERVER_BIN ?? "redis-server"): string {
  const probe = spawnSync(binary, ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `redis-server was not found (tried "${binary}"). Install it with "apt-get install -y redis-server" ` +
        `(or set REDIS_SERVER_BIN to its path), or point REDIS_URL at a running Redis.`,
    );
  }
  return binary;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startRedisServer(options: StartRedisOptions = {}): Promise<PrivateRedis> {
  const binary = findRedisServer(options.binary);
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "ajar-redis-"));
  const port = options.port ?? (await freePort());
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--save",
    "",
    "--appendonly",
    options.appendOnly ? "yes" : "no",
    "--appendfsync",
    "always",
    "--maxmemory-policy",
    "noeviction",
    "--daemonize",
    "no",
    "--loglevel",
    "warning",
  ];
  const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  await waitUntilReady(child, port, () => stderr);

  let stopped = false;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    async stop(signal = "SIGTERM") {
      if (stopped) return;
      stopped = true;
      await killAndWait(child, signal);
      if (ownsDir && !options.appendOnly) rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilReady(child: ChildProcess, port: number, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`redis-server exited with code ${child.exitCode}: ${stderr().trim()}`);
    }
    if (await answersPing(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill("SIGKILL");
  throw new Error(`redis-server did not answer on port ${port} within 10 s: ${stderr().trim()}`);
}

async function answersPing(port: number): Promise<boolean> {
  const { connect } = await import("node:net");
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.setTimeout(500);
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.on("error", () => resolve(false));
    socket.on("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function killAndWait(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}
