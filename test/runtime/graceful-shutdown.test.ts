import { afterEach, describe, expect, it } from "vitest";

import { createAzurePorts } from "../../src/adapters/azure/create-azure-ports.js";
import { requestGrant } from "../../src/app/commands/request-grant.js";
import { silentLogger } from "../../src/app/ports/logger.port.js";
import { parseConfig } from "../../src/config/load-config.js";
import { buildRuntime, type Runtime } from "../../src/runtime/build-runtime.js";
import { processEstate, spawnAjar } from "../support/ajar-process.js";
import { e2eConfig, NIC_NSG, SUBNET_NSG, until } from "../support/e2e.js";
import { testRedisUrl } from "../support/redis.js";

const TOKEN = "xoxb-graceful-shutdown";

describe("ajar worker under SIGTERM", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it("finishes the open it is in the middle of, then exits cleanly", async () => {
    const { azure, slack, prefix } = await processEstate(cleanups, "sigterm", TOKEN, 1500);
    const config = e2eConfig({
      azure: {
        subscriptions: ["00000000-0000-0000-0000-000000000001"],
        pollIntervalMs: 50,
        lockdown: { onStart: false, priority: 1000 },
      },
    });
    (config.policies as Record<string, unknown>[])[0]!.approval = { mode: "none" };
    const ajar = await spawnAjar("worker", {
      config,
      prefix,
      azureUrl: azure.url,
      slackApiUrl: slack.apiUrl,
      botToken: TOKEN,
    });
    cleanups.push(() => ajar.cleanup());
    const { child, exited } = ajar;
    const output = () => ajar.output();

    const runtime: Runtime = buildRuntime({
      settings: parseConfig(config),
      redisUrl: testRedisUrl(),
      prefix,
      slack: { botToken: TOKEN, apiUrl: slack.apiUrl },
      azure: createAzurePorts({ endpoint: azure.url, staticToken: "local", pollIntervalMs: 50 }),
      logger: silentLogger,
    });
    cleanups.push(() => runtime.close());
    const grant = await requestGrant(runtime.deps, {
      slackUserId: "U0ALICE01",
      port: 22,
      portLabel: "ssh",
      vm: { name: "vm-prod-1" },
      durationSeconds: 600,
    });

    // Wait until the child is inside the open: its write (lock-down and allow rule, start-up lock-down
    // being off) is in flight at ARM.
    await until("an open in flight", () => azure.operationsInProgress().length > 0, 20_000);
    child.kill("SIGTERM");
    const code = await Promise.race([exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 20_000))]);
    expect(code, output()).toBe(0);

    const after = await runtime.deps.store.get(grant.id);
    expect(after?.status, output()).toBe("active");
    expect(azure.getRules(NIC_NSG).some((r) => r.name.includes(grant.id))).toBe(true);
    expect(azure.getRules(SUBNET_NSG).some((r) => r.name.includes(grant.id))).toBe(true);
    // Its end is scheduled in each NSG, for whichever worker runs next.
    const ends = (await runtime.due.list()).flatMap(({ entry }) =>
      entry.kind === "end" && entry.notBefore >= Date.parse(after!.expiresAt!) ? [entry] : [],
    );
    expect(ends.map((e) => e.nsgId.toLowerCase()).sort()).toEqual(
      [NIC_NSG, SUBNET_NSG].map((n) => n.toLowerCase()).sort(),
    );
  });
});
