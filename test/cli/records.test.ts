import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { RedisAuditLog } from "../../src/adapters/redis/redis-audit-log.js";
import { RedisGrantStore } from "../../src/adapters/redis/redis-grant-store.js";
import { startRedisServer, type PrivateRedis } from "../../src/adapters/redis/start-redis-server.js";
import { runCli } from "../../src/cli/run-cli.js";
import { parseSince } from "../../src/ops/records/audit-since.js";
import { formatGrantRows, listGrants } from "../../src/ops/records/grant-rows.js";
import { opsConfig, writeConfig, type TempConfig } from "../ops/support/ops-fixture.js";
import { grantFixture } from "../support/grant-fixture.js";
import { createTestRedis, deleteKeys, uniquePrefix } from "../support/redis.js";

const NOW = new Date("2026-11-25T10:20:00.000Z");

const grants = [
  grantFixture({
    id: "g-aaaaaaaaaa",
    status: "active",
    createdAt: "2026-11-25T10:00:00.000Z",
    openedAt: "2026-11-25T10:01:00.000Z",
    expiresAt: "2026-11-25T10:31:00.000Z",
  }),
  grantFixture({
    id: "g-bbbbbbbbbb",
    status: "closed",
    closeReason: "revoked",
    closedAt: "2026-11-25T09:30:00.000Z",
    createdAt: "2026-11-25T09:00:00.000Z",
    requester: { slackUserId: "UBOB", objectId: "22222222-2222-2222-2222-222222222222" },
  }),
  grantFixture({
    id: "g-cccccccccc",
    status: "pending",
    createdAt: "2026-11-25T08:00:00.000Z",
    target: { ...grantFixture().target, vmName: "vm-2" },
  }),
];

describe("grants listing", () => {
  const prefix = `${uniquePrefix("grants")}:`;
  const redis = createTestRedis();
  const store = new RedisGrantStore(redis, prefix);
  beforeAll(async () => {
    for (const g of grants) await store.create(g);
  });
  afterAll(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it("filters by open rules, requester and VM, newest first", async () => {
    expect((await listGrants(store, {})).map((g) => g.id)).toEqual(["g-aaaaaaaaaa", "g-bbbbbbbbbb", "g-cccccccccc"]);
    expect((await listGrants(store, { active: true })).map((g) => g.id)).toEqual(["g-aaaaaaaaaa"]);
    expect((await listGrants(store, { user: "UBOB" })).map((g) => g.id)).toEqual(["g-bbbbbbbbbb"]);
    expect((await listGrants(store, { vm: "VM-2" })).map((g) => g.id)).toEqual(["g-cccccccccc"]);
    expect(await listGrants(store, { limit: 1 })).toHaveLength(1);
  });

  it("says when each grant closes or closed", () => {
    const [active, closed, pending] = formatGrantRows(grants, NOW);
    expect(active).toMatch(/^g-aaaaaaaaaa {2}active {5}vm-1:22 .* closes in 11m \(2026-11-25T10:31:00.000Z\)$/);
    expect(closed).toContain("closed 2026-11-25T09:30:00.000Z (revoked)");
    expect(pending).toContain("asked 2026-11-25T08:00:00.000Z for 30m");
    expect(formatGrantRows([], NOW)).toEqual(["No grants match."]);
  });

  it("reads --since as a look-back or a time", () => {
    expect(parseSince("24h", NOW).toISOString()).toBe("2026-11-24T10:20:00.000Z");
    expect(parseSince("2026-11-01T00:00:00Z", NOW).toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(() => parseSince("yesterday", NOW)).toThrow(/duration|number/i);
  });
});

describe("ajar grants / audit / revoke on the command line", () => {
  // The CLI uses the production key prefix, so it gets a Redis of its own.
  let redis: PrivateRedis;
  let client: Redis;
  let config: TempConfig;
  let out: string[];
  let err: string[];

  beforeAll(async () => {
    redis = await startRedisServer();
    client = new Redis(redis.url);
    config = writeConfig(opsConfig());
    const store = new RedisGrantStore(client);
    for (const g of grants) await store.create(g);
    const audit = new RedisAuditLog(client);
    const entry = {
      grantId: "g-aaaaaaaaaa",
      requester: "UALICE",
      vm: "vm-1",
      port: 22,
      source: "203.0.113.7/32",
      durationSeconds: 1800,
    };
    await audit.append({ ...entry, at: new Date().toISOString(), event: "requested", actor: "UALICE" });
    await audit.append({
      ...entry,
      at: new Date().toISOString(),
      event: "opened",
      actor: "ajar",
      detail: "until later",
    });
  });
  afterAll(async () => {
    client.disconnect();
    config.remove();
    await redis.stop();
  });
  afterEach(() => vi.restoreAllMocks());

  async function cli(...argv: string[]): Promise<number | undefined> {
    out = [];
    err = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => void out.push(String(line)));
    vi.spyOn(console, "error").mockImplementation((line: unknown) => void err.push(String(line)));
    return runCli(argv, {
      AJAR_CONFIG: config.path,
      REDIS_URL: redis.url,
      AZURE_ARM_ENDPOINT: "http://127.0.0.1:9",
      AZURE_ARM_TOKEN: "unused",
      SLACK_BOT_TOKEN: "xoxb-unused",
      SLACK_SIGNING_SECRET: "unused-signing-secret",
      SLACK_API_URL: "http://127.0.0.1:9/api/",
    });
  }

  it("lists grants as text or JSON lines", async () => {
    expect(await cli("grants", "--active")).toBe(0);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^g-aaaaaaaaaa {2}active/);
    expect(await cli("grants", "--json", "--user", "UBOB")).toBe(0);
    expect(out.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(["g-bbbbbbbbbb"]);
    expect(await cli("grants", "--limit", "zero")).toBe(2);
  });

  it("prints the audit trail since a time, as JSON lines with --json", async () => {
    expect(await cli("audit", "--json", "--since", "1h")).toBe(0);
    const entries = out.map((l) => JSON.parse(l) as { event: string; grantId: string });
    expect(entries.map((e) => e.event)).toEqual(["requested", "opened"]);
    expect(await cli("audit")).toBe(0);
    expect(out[1]!.split(/\s{2,}/).slice(1)).toEqual([
      "opened",
      "g-aaaaaaaaaa",
      "ajar",
      "vm-1:22",
      "203.0.113.7/32",
      "until later",
    ]);
    expect(await cli("audit", "--since", "2999-01-01T00:00:00Z")).toBe(0);
    expect(out).toEqual([]);
    expect(await cli("audit", "--since", "soon")).toBe(1);
    expect(err.join("\n")).toMatch(/soon/);
  });

  it("revoke checks its argument, and explains an unknown grant", async () => {
    expect(await cli("revoke")).toBe(2);
    expect(await cli("revoke", "not-a-grant")).toBe(2);
    expect(err.join("\n")).toContain('"not-a-grant" is not a grant id');
    expect(await cli("revoke", "g-zzzzzzzzzz")).toBe(1);
    expect(err.join("\n")).toContain("There is no request g-zzzzzzzzzz");
  });
});
