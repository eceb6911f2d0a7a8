import { afterEach, describe, expect, it } from "vitest";

import type { AzureSimulator } from "../../../src/simulators/azure/index.js";
import { armFetch, clientsFor, errorOf, NSG_NIC, RG, sshRule, startDemoSimulator } from "./support/sim-fixture.js";

let sim: AzureSimulator;
afterEach(async () => sim?.close());

describe("concurrent writes to one NSG", () => {
  it("answers 429 RetryableError / RetryableErrorDueToAnotherOperation with Retry-After while an operation runs", async () => {
    sim = await startDemoSimulator({ operationDelayMs: 300 });
    const { network } = clientsFor(sim);
    const first = await network.securityRules.beginCreateOrUpdate(
      RG,
      "nsg-vm-prod-1",
      "a",
      sshRule({ priority: 200 }),
      { updateIntervalInMs: 10 },
    );

    const res = await armFetch(sim, `${NSG_NIC}/securityRules/b`, {
      method: "PUT",
      body: JSON.stringify({ properties: sshRule({ priority: 201 }) }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const body = (await res.json()) as { error: { code: string; details: { code: string; message: string }[] } };
    expect(body.error.code).toBe("RetryableError");
    expect(body.error.details[0]?.code).toBe("RetryableErrorDueToAnotherOperation");
    expect(body.error.details[0]?.message).toMatch(
      /^Operation PutSecurityRuleOperation \(.+\) is updating resource .*nsg-vm-prod-1/,
    );

    // Through the SDK (retries off) the same answer surfaces as a RestError.
    const sdkError = await errorOf(network.securityRules.beginDeleteAndWait(RG, "nsg-vm-prod-1", "a"));
    expect(sdkError).toMatchObject({ statusCode: 429, code: "RetryableError" });

    await first.pollUntilDone();
    expect(sim.writeLog().map((w) => w.outcome)).toEqual(["accepted", "busy", "busy"]);
    expect(sim.getRules(NSG_NIC).map((r) => r.name)).toEqual(["a"]);
  });

  it("does not block writes to a different NSG", async () => {
    sim = await startDemoSimulator({ operationDelayMs: 300 });
    const { network } = clientsFor(sim);
    await network.securityRules.beginCreateOrUpdate(RG, "nsg-vm-prod-1", "a", sshRule(), { updateIntervalInMs: 10 });
    const other = await network.securityRules.beginCreateOrUpdate(RG, "nsg-snet-app", "b", sshRule(), {
      updateIntervalInMs: 10,
    });
    expect(other.getOperationState().status).toBe("running");
  });

  it("can answer 409 AnotherOperationInProgress instead", async () => {
    sim = await startDemoSimulator({ operationDelayMs: 300, conflictMode: "another-operation-409" });
    const { network } = clientsFor(sim);
    await network.securityRules.beginCreateOrUpdate(RG, "nsg-vm-prod-1", "a", sshRule(), { updateIntervalInMs: 10 });
    const error = await errorOf(
      network.securityRules.beginCreateOrUpdateAndWait(RG, "nsg-vm-prod-1", "b", sshRule({ priority: 201 })),
    );
    expect(error).toMatchObject({ statusCode: 409, code: "AnotherOperationInProgress" });
    expect(error.message).toMatch(/Another operation on this or dependent resource is in progress/);
  });

  it("the SDK's retry policy honours Retry-After on the busy 429 and the write then succeeds", async () => {
    sim = await startDemoSimulator({ operationDelayMs: 150 });
    const { network } = clientsFor(sim, { retryOptions: { maxRetries: 2, retryDelayInMs: 10 } });
    await network.securityRules.beginCreateOrUpdate(RG, "nsg-vm-prod-1", "a", sshRule(), { updateIntervalInMs: 10 });
    const started = Date.now();
    const second = await network.securityRules.beginCreateOrUpdateAndWait(
      RG,
      "nsg-vm-prod-1",
      "b",
      sshRule({ priority: 201 }),
      { updateIntervalInMs: 10 },
    );
    expect(second.provisioningState).toBe("Succeeded");
    expect(Date.now() - started).toBeGreaterThanOrEqual(900); // Retry-After: 1 second
    expect(sim.writeLog().map((w) => `${w.ruleName}:${w.status}`)).toEqual(["a:201", "b:429", "b:201"]);
  });
});

describe("subscription write throttling", () => {
  it("answers 429 SubscriptionRequestsThrottled with Retry-After past writesPerSecond", async () => {
    sim = await startDemoSimulator({ writesPerSecond: 2 });
    const put = (name: string, priority: number) =>
      armFetch(sim, `${NSG_NIC}/securityRules/${name}`, {
        method: "PUT",
        body: JSON.stringify({ properties: sshRule({ priority }) }),
      });
    const first = await put("r1", 201);
    expect(first.headers.get("x-ms-ratelimit-remaining-subscription-writes")).toBe("1");
    await new Promise((r) => setTimeout(r, 5));
    expect((await armFetch(sim, `${NSG_NIC}/securityRules/r1`, { method: "DELETE" })).status).toBe(202);
    const third = await put("r3", 203);
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toBe("1");
    expect(third.headers.get("x-ms-ratelimit-remaining-subscription-writes")).toBe("0");
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe("SubscriptionRequestsThrottled");
    expect(sim.writeLog().map((w) => w.outcome)).toEqual(["accepted", "accepted", "throttled"]);
  });

  it("the SDK waits the throttling Retry-After and then succeeds", async () => {
    sim = await startDemoSimulator({ writesPerSecond: 1 });
    const { network } = clientsFor(sim, { retryOptions: { maxRetries: 3, retryDelayInMs: 10 } });
    expect(
      (
        await armFetch(sim, `${NSG_NIC}/securityRules/r0`, {
          method: "PUT",
          body: JSON.stringify({ properties: sshRule({ priority: 250 }) }),
        })
      ).status,
    ).toBe(201);
    const started = Date.now();
    const rule = await network.securityRules.beginCreateOrUpdateAndWait(RG, "nsg-vm-prod-1", "r1", sshRule(), {
      updateIntervalInMs: 10,
    });
    expect(rule.provisioningState).toBe("Succeeded");
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(
      sim
        .requestLog()
        .filter((e) => e.method === "PUT")
        .map((e) => `${e.status}${e.errorCode ? ` ${e.errorCode}` : ""}`),
    ).toEqual(["201", "429 SubscriptionRequestsThrottled", "201"]);
  });
});
