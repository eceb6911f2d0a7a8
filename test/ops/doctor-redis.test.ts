import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startRedisServer, type PrivateRedis } from "../../src/adapters/redis/start-redis-server.js";
import { checkRedis, exposureCheck, parseInfo, redactUrl, versionAtLeast } from "../../src/ops/doctor/redis-checks.js";
import { testRedisUrl } from "../support/redis.js";

const byName = (results: { name: string; ok: boolean; detail: string }[], name: string) => {
  const found = results.find((r) => r.name === name);
  if (!found) throw new Error(`no check named ${name} in ${results.map((r) => r.name).join(", ")}`);
  return found;
};

describe("doctor: Redis", () => {
  let redis: PrivateRedis;
  let admin: Redis;

  beforeAll(async () => {
    // AOF on and noeviction (start-redis-server's defaults): what production should look like.
    redis = await startRedisServer({ appendOnly: true });
    admin = new Redis(redis.url);
  });
  afterAll(async () => {
    admin.disconnect();
    await redis.stop();
  });

  it("passes a recent, non-evicting, persistent Redis", async () => {
    const results = await checkRedis(redis.url);
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      ["redis version", true],
      ["redis maxmemory-policy", true],
      ["redis persistence", true],
    ]);
    expect(byName(results, "redis persistence").detail).toContain("appendonly yes");
  });

  it("fails when Redis may evict keys, and says how to fix it", async () => {
    await admin.config("SET", "maxmemory-policy", "allkeys-lru");
    try {
      const check = byName(await checkRedis(redis.url), "redis maxmemory-policy");
      expect(check.ok).toBe(false);
      expect(check.detail).toBe("allkeys-lru");
      expect((check as { fix?: string }).fix).toContain("noeviction");
    } finally {
      await admin.config("SET", "maxmemory-policy", "noeviction");
    }
  });

  it("accepts RDB snapshots instead of AOF", async () => {
    // A server of its own: turning AOF off and on again at runtime makes Redis refuse SIGTERM until its rewrite ends.
    const rdb = await startRedisServer();
    const client = new Redis(rdb.url);
    try {
      await client.config("SET", "save", "3600 1");
      const check = byName(await checkRedis(rdb.url), "redis persistence");
      expect(check.ok).toBe(true);
      expect(check.detail).toContain("3600 1");
    } finally {
      client.disconnect();
      await rdb.stop();
    }
  });

  it("falls back to INFO when CONFIG is not allowed, as on managed Redis", async () => {
    await admin.call("ACL", "SETUSER", "doctor", "on", ">doctor-pw", "~*", "&*", "+@all", "-config");
    try {
      const url = redis.url.replace("redis://", "redis://doctor:doctor-pw@");
      const results = await checkRedis(url);
      expect(results.every((r) => r.ok)).toBe(true);
      expect(byName(results, "redis maxmemory-policy").detail).toBe("noeviction (read from INFO: CONFIG is disabled)");
      expect(byName(results, "redis persistence").detail).toContain("read from INFO");
    } finally {
      await admin.call("ACL", "DELUSER", "doctor");
    }
  });

  it("fails on the test harness Redis, which persists nothing", async () => {
    const check = byName(await checkRedis(testRedisUrl()), "redis persistence");
    expect(check.ok).toBe(false);
    expect(check.detail).toContain("appendonly no");
  });

  it("fails fast when nothing listens", async () => {
    const started = Date.now();
    const results = await checkRedis("redis://:secret@127.0.0.1:1", 1000);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ name: "redis reachable", ok: false });
    expect(results[0]!.detail).not.toContain("secret");
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe("doctor: Redis helpers", () => {
  it("parses INFO and compares versions", () => {
    const info = parseInfo("# Server\r\nredis_version:6.2.14\r\nredis_mode:standalone\r\n");
    expect(info.get("redis_version")).toBe("6.2.14");
    expect(versionAtLeast("6.2.14", [6, 2, 0])).toBe(true);
    expect(versionAtLeast("7.0.0", [6, 2, 0])).toBe(true);
    expect(versionAtLeast("6.0.20", [6, 2, 0])).toBe(false);
    expect(versionAtLeast("5.9", [6, 2, 0])).toBe(false);
  });

  it("never prints a password from REDIS_URL", () => {
    expect(redactUrl("rediss://user:hunter2@cache.example:6380")).toBe("rediss://user:***@cache.example:6380");
  });
});

describe("doctor: Redis exposure", () => {
  it("warns about a Redis off this host without a password or TLS, saying what is missing", () => {
    const plain = exposureCheck("redis://redis.internal:6379");
    expect(plain).toMatchObject({ ok: true, note: "warn" });
    expect(plain?.detail).toContain("no password");
    expect(plain?.detail).toContain("no TLS");
    const noTls = exposureCheck("redis://ajar:s3cret@10.0.0.5:6379");
    expect(noTls?.detail).not.toContain("no password");
    expect(noTls?.detail).toContain("no TLS");
    expect(noTls?.detail).not.toContain("s3cret");
    expect(exposureCheck("rediss://ajar:s3cret@cache.example.net:6380")).toEqual({
      name: "redis authentication and TLS",
      ok: true,
      detail: "rediss://ajar:***@cache.example.net:6380: password and TLS",
    });
  });

  it("says nothing about a loopback Redis", () => {
    for (const url of ["redis://127.0.0.1:6379", "redis://localhost", "redis://[::1]:6379", "redis://127.3.2.1"])
      expect(exposureCheck(url), url).toBeUndefined();
  });
});
