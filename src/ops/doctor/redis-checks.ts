import { Redis } from "ioredis";

import { errorText, fail, pass, warn, withTimeout, type CheckResult } from "./check.js";

const MIN_VERSION = [6, 2, 0];

/** `INFO section` as key → value. */
export function parseInfo(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(":");
    if (at > 0 && !line.startsWith("#")) map.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  return map;
}

export function versionAtLeast(version: string, minimum: number[]): boolean {
  const parts = version.split(".").map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < minimum.length; i++) {
    const have = parts[i] ?? 0;
    const want = minimum[i] ?? 0;
    if (have !== want) return have > want;
  }
  return true;
}

/** CONFIG GET answers a flat [key, value] list (RESP2) or a map (RESP3); undefined when CONFIG is refused. */
async function configGet(redis: Redis, key: string): Promise<{ value?: string; refused?: string }> {
  try {
    const raw = (await redis.call("CONFIG", "GET", key)) as unknown;
    if (Array.isArray(raw)) return { value: raw[1] === undefined ? undefined : String(raw[1]) };
    if (raw && typeof raw === "object") return { value: String((raw as Record<string, unknown>)[key] ?? "") };
    return {};
  } catch (error) {
    // Managed Redis (Azure Cache for Redis, ElastiCache) disables or renames CONFIG.
    return { refused: errorText(error) };
  }
}

/**
 * BullMQ's delayed close jobs live only in Redis: the server must be recent enough for BullMQ,
 * must never evict keys (an evicted job is a grant that never closes), and must persist them.
 */
export async function checkRedis(url: string, timeoutMs = 5000): Promise<CheckResult[]> {
  const exposure = exposureCheck(url);
  const found = await checkServer(url, timeoutMs);
  return exposure === undefined ? found : [exposure, ...found];
}

const LOOPBACK_HOSTS = new Set(["localhost", "::1", "[::1]"]);

/**
 * Redis holds every grant and the jobs that close them: anyone who can write to it can open or keep
 * open access. Off the machine it needs a password (an ACL user) and TLS (rediss://). Judged from
 * REDIS_URL alone; undefined for a loopback Redis, which only this host can reach.
 */
export function exposureCheck(url: string): CheckResult | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const host = parsed.hostname.toLowerCase();
  if (LOOPBACK_HOSTS.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return undefined;
  const missing = [
    ...(parsed.password === "" ? ["no password (anyone who reaches it can edit grants and jobs)"] : []),
    ...(parsed.protocol === "rediss:" ? [] : ["no TLS (grants and the password cross the network in clear)"]),
  ];
  const name = "redis authentication and TLS";
  if (missing.length === 0) return pass(name, `${redactUrl(url)}: password and TLS`);
  return warn(
    name,
    `${redactUrl(url)} is not on this host and has ${missing.join(" and ")}`,
    "give Redis an ACL user with a password and connect as rediss://user:password@host:6380 (see README, Redis)",
  );
}

async function checkServer(url: string, timeoutMs: number): Promise<CheckResult[]> {
  // No reconnects and no offline queue: the doctor wants a prompt answer, not resilience.
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
  });
  let lastError: unknown;
  redis.on("error", (error: unknown) => (lastError = error));
  try {
    try {
      await withTimeout(timeoutMs, "Redis", () => redis.connect());
    } catch (error) {
      // connect() only says "Connection is closed."; the error event has the cause (ECONNREFUSED, auth).
      return [
        fail(
          "redis reachable",
          `${redactUrl(url)}: ${errorText(lastError ?? error)}`,
          "start Redis or point REDIS_URL at it (redis://host:6379 or rediss:// for TLS)",
        ),
      ];
    }
    return await withTimeout(timeoutMs * 2, "Redis", () => inspect(redis));
  } catch (error) {
    return [fail("redis", errorText(error), "check that REDIS_URL points at a Redis server that answers INFO")];
  } finally {
    redis.disconnect();
  }
}

async function inspect(redis: Redis): Promise<CheckResult[]> {
  const server = parseInfo(await redis.info("server"));
  const version = server.get("redis_version") ?? "unknown";
  const results: CheckResult[] = [
    versionAtLeast(version, MIN_VERSION)
      ? pass("redis version", `redis ${version}`)
      : fail("redis version", `redis ${version}`, "upgrade to Redis 6.2 or later (BullMQ needs it)"),
  ];
  results.push(await evictionCheck(redis));
  results.push(await persistenceCheck(redis));
  return results;
}

async function evictionCheck(redis: Redis): Promise<CheckResult> {
  const name = "redis maxmemory-policy";
  const fix =
    "set maxmemory-policy noeviction (redis.conf, `CONFIG SET maxmemory-policy noeviction`, or your provider's setting): an evicted job is a grant that never closes";
  const config = await configGet(redis, "maxmemory-policy");
  let policy = config.value;
  let via = "";
  if (config.refused !== undefined) {
    policy = parseInfo(await redis.info("memory")).get("maxmemory_policy");
    via = " (read from INFO: CONFIG is disabled)";
  }
  if (policy === undefined)
    return warn(
      name,
      `cannot read it: CONFIG is disabled (${config.refused}) and INFO memory does not show it`,
      `make sure it is noeviction in your provider's settings`,
    );
  return policy === "noeviction" ? pass(name, `noeviction${via}`) : fail(name, `${policy}${via}`, fix);
}

async function persistenceCheck(redis: Redis): Promise<CheckResult> {
  const name = "redis persistence";
  const fix =
    "turn on AOF (`appendonly yes`, `appendfsync everysec`) or an RDB `save` schedule: close jobs live only in Redis";
  const aof = await configGet(redis, "appendonly");
  if (aof.refused !== undefined) {
    const info = parseInfo(await redis.info("persistence"));
    if (info.get("aof_enabled") === "1") return pass(name, "appendonly yes (read from INFO: CONFIG is disabled)");
    return warn(
      name,
      `AOF is off and the RDB schedule cannot be read: CONFIG is disabled (${aof.refused})`,
      "make sure your provider persists data (AOF or RDB snapshots)",
    );
  }
  if (aof.value === "yes") return pass(name, "appendonly yes");
  const save = (await configGet(redis, "save")).value ?? "";
  if (save.trim() !== "")
    return pass(name, `RDB save "${save}" (appendonly no: up to one interval of jobs can be lost)`);
  return fail(name, 'appendonly no and save ""', fix);
}

/** A REDIS_URL may carry a password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return "REDIS_URL";
  }
}
