import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { startRedisServer, type PrivateRedis } from "../../src/adapters/redis/start-redis-server.js";
import { runCli } from "../../src/cli/run-cli.js";
import type { AzureSimulator } from "../../src/simulators/azure/index.js";
import { startSlackSimulator, type SlackSimulator } from "../../src/simulators/slack/index.js";
import { opsConfig, startDemoAzure, writeConfig, type TempConfig } from "./support/ops-fixture.js";

const TOKEN = "xoxb-doctor-command";

describe("ajar doctor", () => {
  let redis: PrivateRedis;
  let azure: AzureSimulator;
  let slack: SlackSimulator;
  let config: TempConfig;
  let printed: string[];

  beforeAll(async () => {
    [redis, azure, slack] = await Promise.all([
      startRedisServer({ appendOnly: true }),
      startDemoAzure(),
      startSlackSimulator({ botToken: TOKEN }),
    ]);
    config = writeConfig(opsConfig());
  });
  afterAll(async () => {
    config.remove();
    await Promise.all([redis.stop(), azure.close(), slack.close()]);
  });
  afterEach(() => vi.restoreAllMocks());

  const env = (overrides: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    AJAR_CONFIG: config.path,
    REDIS_URL: redis.url,
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_API_URL: slack.apiUrl,
    AZURE_ARM_ENDPOINT: azure.url,
    AZURE_ARM_TOKEN: "doctor-token",
    ...overrides,
  });

  async function doctor(args: string[], environment: NodeJS.ProcessEnv): Promise<number | undefined> {
    printed = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => void printed.push(String(line)));
    vi.spyOn(console, "error").mockImplementation((line: unknown) => void printed.push(String(line)));
    return runCli(["doctor", ...args], environment);
  }

  it("prints one PASS line per check and exits 0 when everything is in order", async () => {
    expect(await doctor([], env())).toBe(0);
    expect(printed.every((line) => line.startsWith("PASS "))).toBe(true);
    expect(printed.map((line) => line.split(" (")[0])).toEqual([
      "PASS environment",
      "PASS config",
      "PASS redis version",
      "PASS redis maxmemory-policy",
      "PASS redis persistence",
      "PASS slack auth",
      "PASS slack scopes",
      "PASS azure read vms /subscriptions/00000000-0000-0000-0000-000000000001",
      "PASS azure read network /subscriptions/00000000-0000-0000-0000-000000000001",
      "PASS azure read rbac /subscriptions/00000000-0000-0000-0000-000000000001",
      "PASS azure read network /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-prod",
      "PASS azure read rbac /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-prod",
      "PASS azure write rules /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-prod",
    ]);
  });

  it("fails on a bad configuration, says where, and skips what needs it", async () => {
    const bad = writeConfig(
      opsConfig({ policies: [{ name: "Bad Name", vms: [{ namePattern: "*" }], ports: [{ port: 22 }] }] }),
    );
    try {
      expect(await doctor([], env({ AJAR_CONFIG: bad.path }))).toBe(1);
      const line = printed.find((l) => l.startsWith("FAIL config"));
      expect(line).toContain("policies[0].name");
      expect(line).toContain(`fix: edit ${bad.path}`);
      expect(printed).toContain("SKIP azure — needs a valid configuration");
      // Redis and Slack are still checked.
      expect(printed.some((l) => l.startsWith("PASS slack auth"))).toBe(true);
    } finally {
      bad.remove();
    }
  });

  it("exits 1 on a single failure and prints it with its fix", async () => {
    expect(await doctor([], env({ SLACK_BOT_TOKEN: "xoxb-revoked" }))).toBe(1);
    expect(printed.filter((l) => l.startsWith("FAIL"))).toEqual([
      expect.stringMatching(
        /^FAIL slack auth — fix: copy the current Bot User OAuth Token .* \(found: auth\.test answered invalid_auth\)$/,
      ),
    ]);
  });

  it("prints JSON lines with --json and refuses unknown flags", async () => {
    expect(await doctor(["--json"], env())).toBe(0);
    expect(JSON.parse(printed[0]!)).toMatchObject({ name: "environment", ok: true });
    expect(await doctor(["--verbose"], env())).toBe(2);
    expect(printed.join("\n")).toContain("Usage: ajar doctor");
  });
});
