import { afterEach, describe, expect, it } from "vitest";

import { createAzurePorts } from "../../src/adapters/azure/create-azure-ports.js";
import { requestGrant } from "../../src/app/commands/request-grant.js";
import { silentLogger } from "../../src/app/ports/logger.port.js";
import { parseConfig } from "../../src/config/load-config.js";
import { buildRuntime } from "../../src/runtime/build-runtime.js";
import { processEstate, spawnAjar } from "../support/ajar-process.js";
import { e2eConfig, NIC_NSG, SUBNET_NSG, until } from "../support/e2e.js";
import { testRedisUrl } from "../support/redis.js";

const TOKEN = "xoxb-worker-crash";

describe("a worker process killed at the worst moment", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it("closes the rule within 10 s of the grant's end after a SIGKILL right after the rule went live, before its job completed", async () => {
    const { azure, slack, prefix } = await processEstate(cleanups, "crash", TOKEN, 200);
    // A slow poll: ARM finishes the write well before the worker looks again, which is the window to kill in.
    const config = e2eConfig({
      azure: {
        subscriptions: ["00000000-0000-0000-0000-000000000001"],
        pollIntervalMs: 1500,
        lockdown: { onStart: true, priority: 1000 },
      },
    });
    (config.policies as Record<string, unknown>[])[0]!.approval = { mode: "none" };
    const start = async () => {
      const ajar = await spawnAjar("worker", {
        config,
        prefix,
        azureUrl: azure.url,
        slackApiUrl: slack.apiUrl,
        botToken: TOKEN,
      });
      cleanups.push(() => ajar.cleanup());
      return ajar;
    };
    const first = await start();
    const lockedDown = (nsg: string) =>
      azure
        .getRules(nsg)
        .some((r) => r.name.startsWith("ajar-lockdown-vm-prod-1-") && r.provisioningState === "Succeeded");
    await until("the start-up lock-down", () => lockedDown(NIC_NSG) && lockedDown(SUBNET_NSG), 30_000);

    const runtime = buildRuntime({
      settings: parseConfig(config),
      redisUrl: testRedisUrl(),
      prefix,
      slack: { botToken: TOKEN, apiUrl: slack.apiUrl },
      azure: createAzurePorts({ endpoint: azure.url, staticToken: "local", pollIntervalMs: 50 }),
      logger: silentLogger,
    });
    cleanups.push(() => runtime.close());
    azure.resetWriteLog();
    const grant = await requestGrant(runtime.deps, {
      slackUserId: "U0ALICE01",
      port: 22,
      portLabel: "ssh",
      vm: { name: "vm-prod-1" },
      durationSeconds: 8,
    });
    const live = (nsg: string) =>
      azure.getRules(nsg).some((r) => r.name.includes(grant.id) && r.provisioningState === "Succeeded");
    await until("the rule live in both NSGs", () => live(NIC_NSG) && live(SUBNET_NSG), 20_000);
    first.child.kill("SIGKILL");
    await first.exited;
    const planned = (await runtime.deps.store.get(grant.id))!;
    expect(planned.status, first.output()).toBe("approved");
    const end = Date.parse(planned.ruleEnd!);

    await start();
    const gone = await until(
      "the rule to be closed",
      () =>
        !azure.getRules(NIC_NSG).some((r) => r.name.includes(grant.id)) &&
        !azure.getRules(SUBNET_NSG).some((r) => r.name.includes(grant.id))
          ? Date.now()
          : undefined,
      30_000,
      50,
    );
    expect(gone - end).toBeLessThan(10_000);
    const closed = await until("the grant to be closed", async () => {
      const g = await runtime.deps.store.get(grant.id);
      return g?.status === "closed" ? g : undefined;
    });
    expect(closed.closeReason).toBe("expired");
  });
});
