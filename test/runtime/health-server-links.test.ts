import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { sourceLinkRoutes } from "../../src/adapters/http/source-link-routes.js";
import { silentLogger } from "../../src/app/ports/logger.port.js";
import { SOURCE_LINK_TTL_SECONDS } from "../../src/app/shared/source-link-ttl.js";
import { parseConfig } from "../../src/config/load-config.js";
import { newSourceLink } from "../../src/domain/grant/source-link-token.js";
import { buildRuntime, type Runtime } from "../../src/runtime/build-runtime.js";
import { startHealthServer, type HealthServer } from "../../src/runtime/health-server.js";
import { opsConfig } from "../ops/support/ops-fixture.js";
import { grantFixture } from "../support/grant-fixture.js";
import { createTestRedis, deleteKeys, testRedisUrl, uniquePrefix } from "../support/redis.js";
import { unusedAzure } from "../support/unused-azure.js";

describe("`from me` links in Socket Mode, served by the health listener", () => {
  const prefix = `${uniquePrefix("links")}:`;
  let runtime: Runtime;
  let health: HealthServer;

  beforeAll(async () => {
    const { network, permissions } = unusedAzure();
    runtime = buildRuntime({
      settings: parseConfig(opsConfig()),
      redisUrl: testRedisUrl(),
      prefix,
      slack: { botToken: "xoxb-unused" },
      azure: { network, permissions },
      logger: silentLogger,
    });
    health = await startHealthServer(runtime, {
      port: 0,
      host: "127.0.0.1",
      extraRoutes: sourceLinkRoutes(runtime.deps),
    });
  });
  afterAll(async () => {
    await health.close();
    await runtime.close();
    const redis = createTestRedis();
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it("records the address and queues the authorization, once", async () => {
    const { token, link } = newSourceLink("request", new Date(), SOURCE_LINK_TTL_SECONDS);
    const grant = grantFixture({ id: "g-linkabcdef", status: "requested", source: "", sourceLink: link });
    await runtime.deps.store.create(grant);
    const url = `${health.url}/ajar/my-ip/${grant.id}/${token}`;
    const preview = await fetch(url);
    expect(preview.status).toBe(200);
    expect(preview.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
    const recorded = await fetch(url, { method: "POST" });
    expect(await recorded.text()).toContain(`Recorded 127.0.0.1/32 for request ${grant.id}`);
    expect((await runtime.deps.store.get(grant.id))?.source).toBe("127.0.0.1/32");
    expect(await runtime.queue.getJob(`authorize-${grant.id}`)).toBeDefined();
    expect((await fetch(url, { method: "POST" })).status).toBe(410);
    expect((await fetch(`${health.url}/ajar/my-ip/${grant.id}/short`)).status).toBe(404);
  });
});
