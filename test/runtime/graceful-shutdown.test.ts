import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { afterEach, describe, expect, it } from "vitest";
import { createAzurePorts } from "../../src/adapters/azure/create-azure-ports.js";
import { requestGrant } from "../../src/app/request-grant.js";
import { parseConfig } from "../../src/config/load-config.js";
import { silentLogger } from "../../src/domain/ports/logger.port.js";
import { buildRuntime, type Runtime } from "../../src/runtime/build-deps.js";
import { loadAzureSeed, startAzureSimulator, type AzureSimulator } from "../../src/simulators/azure/index.js";
import { startSlackSimulator } from "../../src/simulators/slack/index.js";
import type { SlackSimulator } from "../../src/simulators/slack/types.js";
import { E2E_SEED, e2eConfig, NIC_NSG, SUBNET_NSG, until, USERS } from "../support/e2e.js";
import { createTestRedis, deleteKeys, testRedisUrl, uniquePrefix } from "../support/redis.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TOKEN = "xoxb-graceful-shutdown";

describe("ajar worker under SIGTERM", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it("finishes the open it is in the middle of, then exits cleanly", async () => {
    const azure: AzureSimulator = await startAzureSimulator({ seed: await loadAzureSeed(E2E_SEED), operationDelayMs: 1500 });
    cleanups.push(() => azure.close());
    const slack: SlackSimulator = await startSlackSimulator({ botToken: TOKEN, users: USERS });
    cleanups.push(() => slack.close());
    const prefix = `${uniquePrefix("sigterm")}:`;
    cleanups.push(async () => {
      const redis = createTestRedis();
      await deleteKeys(redis, prefix);
      redis.disconnect();
    });

    const config = e2eConfig({ azure: { subscriptions: ["00000000-0000-0000-0000-000000000001"], pollIntervalMs: 50, lockdown: { onStart: false, priority: 1000 } } });
    (config.policies as Record<string, unknown>[])[0]!.approval = { mode: "none" };
    const dir = mkdtempSync(join(tmpdir(), "ajar-sigterm-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, "ajar.yaml"), stringify(config));

    const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "worker"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        AJAR_CONFIG: join(dir, "ajar.yaml"),
        AJAR_KEY_PREFIX: prefix,
        REDIS_URL: testRedisUrl(),
        AZURE_ARM_ENDPOINT: azure.url,
        AZURE_ARM_TOKEN: "local",
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_SIGNING_SECRET: "graceful-shutdown-secret",
        SLACK_API_URL: slack.apiUrl,
        LOG_LEVEL: "warn",
        PORT: "0",
        HOST: "127.0.0.1",
        METRICS_PORT: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    cleanups.push(() => {
      if (child.exitCode === null) child.kill("SIGKILL");
    });

    const runtime: Runtime = buildRuntime({
      settings: parseConfig(config),
      redisUrl: testRedisUrl(),
      prefix,
      slack: { botToken: TOKEN, apiUrl: slack.apiUrl },
      azure: createAzurePorts({ endpoint: azure.url, staticToken: "local", pollIntervalMs: 50 }),
      logger: silentLogger,
    });
    cleanups.push(() => runtime.close());
    const grant = await requestGrant(runtime.deps, { slackUserId: "U0ALICE01", port: 22, portLabel: "ssh", vm: { name: "vm-prod-1" }, durationSeconds: 600 });

    // Wait until the child is inside the open: an allow-rule write is in flight at ARM.
    await until("an open in flight", () => azure.operationsInProgress().some((op) => op.ruleName.startsWith("ajar-g-")), 20_000);
    child.kill("SIGTERM");
    const code = await Promise.race([exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 20_000))]);
    expect(code, output).toBe(0);

    const after = await runtime.deps.store.get(grant.id);
    expect(after?.status, output).toBe("active");
    expect(azure.getRules(NIC_NSG).some((r) => r.name.includes(grant.id))).toBe(true);
    expect(azure.getRules(SUBNET_NSG).some((r) => r.name.includes(grant.id))).toBe(true);
    const close = await runtime.queue.getJob(`close-${grant.id}`);
    expect(await close?.getState()).toBe("delayed");
  });
});
