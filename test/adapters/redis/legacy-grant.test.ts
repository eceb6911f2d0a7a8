import { afterAll, describe, expect, it } from "vitest";

import { decodeGrant } from "../../../src/adapters/redis/grant-codec.js";
import { RedisGrantStore } from "../../../src/adapters/redis/redis-grant-store.js";
import { grantFixture } from "../../support/grant-fixture.js";
import { createTestRedis, deleteKeys, uniquePrefix } from "../../support/redis.js";

const VM_ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1";

/** A record as ajar stored it before requests had their own part. */
function legacy(fields: Record<string, unknown> = {}): Record<string, unknown> {
  const { request: _request, ...authorized } = grantFixture();
  return { ...authorized, ...fields };
}

const unauthorized = (target: Record<string, unknown>, durationSeconds: number): Record<string, unknown> =>
  legacy({
    status: "requested",
    policyName: "",
    durationSeconds,
    target: { vmId: "", vmName: "vm-1", subscriptionId: "", resourceGroup: "", port: 22, portLabel: "ssh", ...target },
  });

describe("decodeGrant", () => {
  it("gives back a grant stored as it is today unchanged", () => {
    const grant = grantFixture();
    expect(decodeGrant(JSON.stringify(grant))).toEqual(grant);
  });

  it("reads an older unauthorized record's placeholders as a request: no policy, target or window yet", () => {
    const grant = decodeGrant(JSON.stringify(unauthorized({ protocol: "Tcp" }, 0)));
    expect(grant.request).toEqual({ vmName: "vm-1", port: 22, portLabel: "ssh" });
    expect(grant).not.toHaveProperty("policyName");
    expect(grant).not.toHaveProperty("target");
    expect(grant).not.toHaveProperty("durationSeconds");
  });

  it("keeps an older request's VM id and the duration it asked for", () => {
    const grant = decodeGrant(JSON.stringify(unauthorized({ vmId: VM_ID, protocol: "Tcp" }, 3600)));
    expect(grant.request).toEqual({ vmName: "vm-1", vmId: VM_ID, port: 22, portLabel: "ssh", durationSeconds: 3600 });
  });

  it("keeps an older authorized record as it was, with what it was granted as its request", () => {
    const grant = decodeGrant(JSON.stringify(legacy({ status: "active" })));
    expect(grant).toEqual(grantFixture({ status: "active" }));
  });

  it("fills in the subscription and group an older follower of a several-VM request was opened without", () => {
    const follower = legacy({
      status: "approved",
      target: { ...grantFixture().target, vmId: VM_ID, subscriptionId: "", resourceGroup: "" },
    });
    expect(decodeGrant(JSON.stringify(follower)).target).toMatchObject({ subscriptionId: "s", resourceGroup: "rg" });
  });
});

describe("RedisGrantStore with records stored before requests had their own part", () => {
  const redis = createTestRedis();
  const prefix = `${uniquePrefix("legacy")}:`;
  afterAll(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it("reads, lists and finds by VM an older unauthorized request", async () => {
    const store = new RedisGrantStore(redis, prefix);
    const old = { ...unauthorized({ protocol: "Tcp" }, 0), id: "g-legacy0001" };
    await redis.hset(`${prefix}grant:g-legacy0001`, "v", "3", "json", JSON.stringify(old));
    await redis.zadd(`${prefix}grants:by-time`, Date.parse("2026-11-25T10:00:00.000Z"), "g-legacy0001");
    await redis.sadd(`${prefix}grants:open`, "g-legacy0001");

    expect((await store.get("g-legacy0001"))?.request).toEqual({ vmName: "vm-1", port: 22, portLabel: "ssh" });
    expect((await store.list({ vmName: "VM-1" })).map((g) => g.id)).toEqual(["g-legacy0001"]);
    expect((await store.list({ statuses: ["requested"], vmName: "vm-1" })).map((g) => g.id)).toEqual(["g-legacy0001"]);
  });
});
