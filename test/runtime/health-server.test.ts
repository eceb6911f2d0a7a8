import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startRedisServer, type PrivateRedis } from "../../src/adapters/redis/start-redis-server.js";
import { silentLogger } from "../../src/app/ports/logger.port.js";
import { parseConfig } from "../../src/config/load-config.js";
import { buildRuntime, type Runtime } from "../../src/runtime/build-runtime.js";
import { startHealthServer, type HealthServer } from "../../src/runtime/health-server.js";
import { opsConfig } from "../ops/support/ops-fixture.js";
import { unusedAzure } from "../support/unused-azure.js";

describe("the health listener of a process without Slack HTTP (worker, Socket Mode)", () => {
  let redis: PrivateRedis;
  let runtime: Runtime;
  let health: HealthServer;
  let running = true;

  beforeAll(async () => {
    redis = await startRedisServer();
    const { network, permissions } = unusedAzure();
    runtime = buildRuntime({
      settings: parseConfig(opsConfig()),
      redisUrl: redis.url,
      slack: { botToken: "xoxb-unused" },
      azure: { network, permissions },
      logger: silentLogger,
    });
    health = await startHealthServer(runtime, { port: 0, host: "127.0.0.1", workersRunning: () => running });
  });
  afterAll(async () => {
    await health.close();
    await runtime.close();
    await redis.stop();
  });

  it("answers liveness, readiness and metrics, and 404 elsewhere", async () => {
    expect((await fetch(`${health.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${health.url}/readyz`)).status).toBe(200);
    runtime.metrics.closeLateness(2);
    expect(await (await fetch(`${health.url}/metrics`)).text()).toContain("ajar_close_lateness_seconds_count 1");
    expect((await fetch(`${health.url}/slack/events`)).status).toBe(404);
  });

  it("is not ready while its worker is stopped", async () => {
    running = false;
    const ready = await fetch(`${health.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.text()).toContain("workers not running");
    running = true;
  });
});
