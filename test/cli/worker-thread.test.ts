import { readdirSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

import { afterEach, describe, expect, it } from "vitest";

import { freePort } from "../../src/adapters/redis/start-redis-server.js";
import { silentLogger } from "../../src/app/ports/logger.port.js";
import { startWorkerThread } from "../../src/cli/worker-thread.js";
import { createSlackClient } from "../../src/simulators/slack/index.js";
import { ajarBundle } from "../support/ajar-bundle.js";
import { processEstate, spawnAjar } from "../support/ajar-process.js";
import { e2eConfig, until } from "../support/e2e.js";

const TOKEN = "xoxb-worker-thread";

describe("ajar all with its worker in a thread", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it("answers, opens the grant in the thread, counts it on /metrics and stops cleanly", async () => {
    const { azure, slack, prefix } = await processEstate(cleanups, "thread", TOKEN, 20);
    const config = e2eConfig();
    (config.policies as Record<string, unknown>[])[0]!.approval = { mode: "none" };
    const [port, ops] = [await freePort(), await freePort()];
    const ajar = await spawnAjar("all", {
      config,
      prefix,
      azureUrl: azure.url,
      slackApiUrl: slack.apiUrl,
      botToken: TOKEN,
      env: { PORT: String(port), METRICS_PORT: String(ops), LOG_LEVEL: "info" },
    });
    cleanups.push(() => ajar.cleanup());
    await until(
      "readiness, workers included",
      async () => {
        const ready = await fetch(`http://127.0.0.1:${ops}/readyz`).catch(() => undefined);
        return ready?.status === 200;
      },
      30_000,
      100,
    );
    expect(ajar.output()).toMatch(/"workerThread":true/);
    // The worker thread yields the CPU to the Slack side, which keeps its own priority.
    const pid = ajar.child.pid!;
    const nice = (task: string) =>
      readFileSync(`/proc/${pid}/task/${task}/stat`, "utf8").split(") ")[1]!.split(" ")[16];
    expect(nice(String(pid))).toBe("0");
    expect(readdirSync(`/proc/${pid}/task`).map(nice)).toContain("10");

    const client = createSlackClient({
      endpoint: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: "ajar-process-secret",
      simulator: slack,
    });
    const reply = await client.command({ userId: "U0ALICE01", userName: "alice", text: "ssh vm-prod-1 30m" });
    expect(JSON.stringify(reply.body)).toMatch(/Request `g-[a-z2-7]{10}` received/);
    const metrics = await until(
      "the open counted on /metrics",
      async () => {
        const text = await (await fetch(`http://127.0.0.1:${ops}/metrics`)).text();
        return /ajar_grants_total\{status="active",reason=""\} 1/.test(text) ? text : undefined;
      },
      30_000,
      200,
    );
    // Counted where it happened: the request on the web side, the open and ARM calls in the thread.
    expect(metrics).toMatch(/ajar_commands_total\{kind="request"\} 1/);
    expect(metrics).toMatch(/ajar_grants_total\{status="requested",reason=""\} 1/);
    expect(metrics).toMatch(/ajar_arm_request_duration_seconds_count\{operation="[^"]+"\} [1-9]/);
    expect(metrics).toMatch(/^ajar_process_resident_memory_bytes \d+/m);

    ajar.child.kill("SIGTERM");
    expect(await ajar.exited).toBe(0);
    expect(ajar.output()).toMatch(/shutting down/);
    expect(ajar.output()).not.toMatch(/the worker thread (failed|stopped)/);
  });

  it("says why the thread could not start", async () => {
    const entry = pathToFileURL(await ajarBundle());
    const env = {
      AJAR_CONFIG: "/nonexistent/ajar.yaml",
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: "a-signing-secret",
    };
    await expect(startWorkerThread(entry, env, silentLogger)).rejects.toThrow(/ajar\.yaml/);
  });
});
