import { afterEach, describe, expect, it } from "vitest";

import type { AzureSimulator } from "../../../src/simulators/azure/index.js";
import { clientsFor, errorOf, RG, sshRule, startDemoSimulator } from "./support/sim-fixture.js";

let sim: AzureSimulator;
afterEach(async () => sim?.close());

const getNsg = (s: AzureSimulator, options: Parameters<typeof clientsFor>[1] = {}, abortSignal?: AbortSignal) =>
  clientsFor(s, options).network.networkSecurityGroups.get(RG, "nsg-vm-prod-1", abortSignal ? { abortSignal } : {});

describe("fault injection", () => {
  it("fails the next request with a 5xx in ARM's error shape; the SDK's retry then succeeds", async () => {
    sim = await startDemoSimulator();
    sim.failNext({ status: 500 });
    expect(await errorOf(getNsg(sim))).toMatchObject({ statusCode: 500, code: "InternalServerError" });
    sim.failNext({ status: 503, count: 2, retryAfterSeconds: 0 });
    const nsg = await getNsg(sim, { retryOptions: { maxRetries: 3, retryDelayInMs: 5 } });
    expect(nsg.name).toBe("nsg-vm-prod-1");
    expect(sim.requestLog().map((e) => e.status)).toEqual([500, 503, 503, 200]);
  });

  it("drops the connection; the SDK sees a socket error and retries", async () => {
    sim = await startDemoSimulator();
    sim.failNext({ status: "drop" });
    const error = await errorOf(getNsg(sim));
    expect(error.name).toBe("RestError");
    expect(error.code).toBe("ECONNRESET");
    expect(error.statusCode).toBeUndefined();
    sim.failNext({ status: "drop" });
    expect((await getNsg(sim, { retryOptions: { maxRetries: 2, retryDelayInMs: 5 } })).name).toBe("nsg-vm-prod-1");
  });

  it("scopes faults to a method and path", async () => {
    sim = await startDemoSimulator();
    sim.failNext({ status: 500, match: { method: "PUT", path: "/securityRules/" } });
    const { network } = clientsFor(sim);
    await network.networkSecurityGroups.get(RG, "nsg-vm-prod-1");
    const error = await errorOf(network.securityRules.beginCreateOrUpdateAndWait(RG, "nsg-vm-prod-1", "r", sshRule()));
    expect(error).toMatchObject({ statusCode: 500 });
    expect(sim.writeLog()).toMatchObject([{ method: "PUT", status: 500, outcome: "fault" }]);
  });

  it("fails at a seeded random rate, the same way every time", async () => {
    sim = await startDemoSimulator();
    const run = async () => {
      sim.clearFaults();
      sim.setFaultRate({ rate: 0.5, seed: 42, status: 500 });
      const outcomes: string[] = [];
      for (let i = 0; i < 12; i++)
        outcomes.push(
          await getNsg(sim).then(
            () => "ok",
            () => "fail",
          ),
        );
      return outcomes;
    };
    const first = await run();
    expect(first).toContain("ok");
    expect(first).toContain("fail");
    expect(await run()).toEqual(first);
  });

  it("hangs a request until the client aborts", async () => {
    sim = await startDemoSimulator();
    sim.failNext({ status: "hang" });
    const error = await errorOf(getNsg(sim, {}, AbortSignal.timeout(100)));
    expect(error.name).toBe("AbortError");
  });

  it("refuses connections while unreachable and comes back on the same URL", async () => {
    sim = await startDemoSimulator();
    await sim.setUnreachable("refuse");
    expect(await errorOf(getNsg(sim))).toMatchObject({ code: "ECONNREFUSED" });
    await sim.setReachable();
    expect((await getNsg(sim)).name).toBe("nsg-vm-prod-1");
  });

  it("in reset mode resets every ARM request but keeps the control API", async () => {
    sim = await startDemoSimulator();
    await sim.setUnreachable("reset", { forMs: 150 });
    expect(await errorOf(getNsg(sim))).toMatchObject({ code: "ECONNRESET" });
    expect((await fetch(`${sim.url}/_sim/health`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect((await getNsg(sim)).name).toBe("nsg-vm-prod-1");
  });
});

describe("authentication", () => {
  it("401 AuthenticationFailed without a bearer token", async () => {
    sim = await startDemoSimulator();
    const res = await fetch(
      `${sim.url}/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Network/networkInterfaces?api-version=2024-05-01`,
    );
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer authorization_uri=/);
    expect(await res.json()).toEqual({
      error: { code: "AuthenticationFailed", message: "Authentication failed. The 'Authorization' header is missing." },
    });
  });

  it("401 InvalidAuthenticationToken for a token not in acceptedTokens", async () => {
    sim = await startDemoSimulator({ acceptedTokens: ["the-right-one"] });
    expect(await errorOf(getNsg(sim, { staticToken: "wrong" }))).toMatchObject({
      statusCode: 401,
      code: "InvalidAuthenticationToken",
    });
    expect((await getNsg(sim, { staticToken: "the-right-one" })).name).toBe("nsg-vm-prod-1");
  });
});
