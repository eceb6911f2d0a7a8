import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startRedisServer, type PrivateRedis } from "../../src/adapters/redis/start-redis-server.js";
import { silentLogger } from "../../src/app/ports/logger.port.js";
import { parseConfig } from "../../src/config/load-config.js";
import { DEMO_BOT_TOKEN, DEMO_SIGNING_SECRET, startLocalStack, type LocalStack } from "../../src/demo/local-stack.js";
import { runtimeSources } from "../../src/observability/metric-sources.js";
import { createMetrics } from "../../src/observability/metrics.js";
import { bindMetrics } from "../../src/observability/runtime-metrics.js";
import { buildRuntime, type Runtime } from "../../src/runtime/build-runtime.js";
import { healthRoutes } from "../../src/runtime/health-routes.js";
import { startWeb, type WebProcess } from "../../src/runtime/start-web.js";
import { startSlackSimulator, type SlackSimulator } from "../../src/simulators/slack/index.js";
import { opsConfig } from "../ops/support/ops-fixture.js";
import { createTestRedis, deleteKeys, testRedisUrl, uniquePrefix } from "../support/redis.js";
import { unusedAzure } from "../support/unused-azure.js";

const settings = parseConfig(opsConfig(), "test configuration");

describe("health and metrics over the real HTTP server", () => {
  let stack: LocalStack;
  const prefix = `${uniquePrefix("health")}:`;
  beforeAll(async () => {
    stack = await startLocalStack({ settings, redisUrl: testRedisUrl(), prefix, worker: false });
  });
  afterAll(async () => {
    await stack.close();
    const redis = createTestRedis();
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it("answers /healthz and /readyz while Redis is up", async () => {
    const health = await fetch(`${stack.web.url}/healthz`);
    expect([health.status, await health.text()]).toEqual([200, "ok\n"]);
    const ready = await fetch(`${stack.web.opsUrl}/readyz`);
    expect([ready.status, await ready.text()]).toEqual([200, "ready\n"]);
    expect((await fetch(`${stack.web.opsUrl}/healthz`)).status).toBe(200);
  });

  it("keeps /readyz and /metrics off the public Slack listener", async () => {
    expect((await fetch(`${stack.web.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${stack.web.url}/readyz`)).status).toBe(404);
    expect(new URL(stack.web.opsUrl).port).not.toBe(new URL(stack.web.url ?? "").port);
  });

  it("serves Prometheus text on /metrics with the scrape-time gauges", async () => {
    const response = await fetch(`${stack.web.opsUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await response.text();
    expect(text).toContain('ajar_grants_open{status="active"} 0');
    expect(text).toMatch(/^ajar_queue_jobs\{state="delayed"\} 0$/m);
    expect(text).toContain("# TYPE ajar_arm_request_duration_seconds histogram");
  });

  it("reports workers that stopped", async () => {
    const ready = healthRoutes(stack.runtime, () => false).find((r) => r.path === "/readyz")!;
    const answer = await new Promise<{ status: number; body: string }>((resolve) => {
      let status = 0;
      const res = { writeHead: (s: number) => ((status = s), res), end: (body: string) => resolve({ status, body }) };
      ready.handler({} as never, res as never);
    });
    expect(answer.status).toBe(503);
    expect(answer.body).toContain("workers not running");
  });

  it("serves the registry the composition root created for the runtime", async () => {
    stack.runtime.metrics.command("request");
    const text = await (await fetch(`${stack.web.opsUrl}/metrics`)).text();
    expect(text).toContain('ajar_commands_total{kind="request"} 1');
  });
});

describe("readiness when Redis goes away", () => {
  let redis: PrivateRedis;
  let slack: SlackSimulator;
  let runtime: Runtime;
  let web: WebProcess;

  beforeAll(async () => {
    [redis, slack] = await Promise.all([startRedisServer(), startSlackSimulator({ botToken: DEMO_BOT_TOKEN })]);
    const { network, permissions } = unusedAzure();
    runtime = buildRuntime({
      settings,
      redisUrl: redis.url,
      slack: { botToken: DEMO_BOT_TOKEN, apiUrl: slack.apiUrl },
      azure: { network, permissions },
      logger: silentLogger,
    });
    // The outage below is deliberate: keep its reconnect errors out of the test output.
    runtime.redis.on("error", () => undefined);
    runtime.queue.on("error", () => undefined);
    bindMetrics(runtime, createMetrics(runtimeSources(runtime), { defaultMetrics: false, sourceTimeoutMs: 200 }));
    web = await startWeb(runtime, {
      botToken: DEMO_BOT_TOKEN,
      signingSecret: DEMO_SIGNING_SECRET,
      apiUrl: slack.apiUrl,
      port: 0,
      host: "127.0.0.1",
    });
  });
  afterAll(async () => {
    await web.close();
    runtime.redis.disconnect();
    await Promise.all([redis.stop(), slack.close()]);
  });

  it("turns /readyz to 503 within the probe timeout, while /healthz and /metrics keep answering", async () => {
    expect((await fetch(`${web.opsUrl}/readyz`)).status).toBe(200);
    await redis.stop();

    const started = Date.now();
    const ready = await fetch(`${web.opsUrl}/readyz`);
    expect([ready.status, await ready.text()]).toEqual([503, "redis unreachable\n"]);
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await fetch(`${web.url}/healthz`)).status).toBe(200);

    const metrics = await fetch(`${web.opsUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('ajar_metrics_source_errors_total{source="ajar_grants_open"} 1');
  });
});
