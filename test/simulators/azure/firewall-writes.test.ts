import { afterEach, describe, expect, it } from "vitest";

import type { AzureSimulator } from "../../../src/simulators/azure/index.js";
import {
  classicRule,
  FW_CLASSIC,
  FW_SUBNET,
  PIP_CLASSIC,
  startFirewallSimulator,
  webNatCollection,
} from "./support/firewall-fixture.js";
import { armFetch, clientsFor, errorOf, RG } from "./support/sim-fixture.js";

let sim: AzureSimulator;
afterEach(async () => sim?.close());

const FW_PATH = `${FW_CLASSIC}`;

/** The firewall as a PUT body: what a client read, with `natRuleCollections` replaced. */
function firewallBody(natRuleCollections: unknown[]) {
  return {
    location: "westeurope",
    properties: {
      ipConfigurations: [
        {
          name: "azureFirewallIpConfiguration",
          properties: { subnet: { id: FW_SUBNET }, publicIPAddress: { id: PIP_CLASSIC } },
        },
      ],
      natRuleCollections,
    },
  };
}

const ajarCollection = (rules: unknown[], priority = 150) => ({
  name: "ajar-jit",
  properties: { priority, action: { type: "Dnat" }, rules },
});

async function put(body: unknown, headers: Record<string, string> = {}) {
  const res = await armFetch(sim, FW_PATH, { method: "PUT", body: JSON.stringify(body), headers });
  return { res, json: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

async function operationStatus(url: string) {
  const res = await fetch(url, { headers: { Authorization: "Bearer t" } });
  return (await res.json()) as { status: string; error?: { code: string; message: string } };
}

describe("Azure Firewall simulator: writes", () => {
  it("runs a whole-firewall PUT as a long-running operation through the real SDK", async () => {
    sim = await startFirewallSimulator({ firewall: { operationDelayMs: 50 } });
    const network = clientsFor(sim).network;
    const before = await network.azureFirewalls.get(RG, "fw-classic");
    before.natRuleCollections = [
      ...(before.natRuleCollections ?? []),
      { name: "ajar-jit", priority: 150, action: { type: "Dnat" }, rules: [classicRule()] },
    ];
    const result = await network.azureFirewalls.beginCreateOrUpdateAndWait(RG, "fw-classic", before, {
      updateIntervalInMs: 10,
    });
    expect(result.provisioningState).toBe("Succeeded");
    expect(result.natRuleCollections!.map((c) => c.name)).toEqual(["web-publish", "ajar-jit"]);
    expect(result.etag).not.toBe(before.etag);
    expect(sim.firewalls.operations()).toEqual([
      expect.objectContaining({ kind: "PutAzureFirewall", targetId: FW_CLASSIC, status: "Succeeded" }),
    ]);
  });

  it("honours If-Match: the current etag is accepted, a stale one gets 412 PreconditionFailed and changes nothing", async () => {
    sim = await startFirewallSimulator();
    const etag = sim.firewalls.etag(FW_CLASSIC);
    const accepted = await put(firewallBody([webNatCollection, ajarCollection([classicRule()])]), { "If-Match": etag });
    expect(accepted.res.status).toBe(200);
    expect(accepted.res.headers.get("azure-asyncoperation")).toMatch(/\/locations\/westeurope\/nfvOperations\//);
    const stale = await put(firewallBody([ajarCollection([classicRule({ name: "other" })])]), { "If-Match": etag });
    expect(stale.res.status).toBe(412);
    expect(stale.json.error).toMatchObject({ code: "PreconditionFailed", message: expect.stringContaining(etag) });
    expect(sim.firewalls.dnatRules(FW_CLASSIC, "config").map((r) => r.name)).toEqual(["https", "ajar-g1"]);
    const created = await put(firewallBody([]), { "If-None-Match": "*" });
    expect(created.res.status).toBe(412);
  });

  it("changes the etag when a write is accepted and again when it completes", async () => {
    let clock = 1_000_000;
    sim = await startFirewallSimulator({ firewall: { operationDelayMs: 60_000 }, now: () => clock });
    const first = sim.firewalls.etag(FW_CLASSIC);
    await put(firewallBody([webNatCollection]), { "If-Match": first });
    const accepted = sim.firewalls.etag(FW_CLASSIC);
    expect(accepted).not.toBe(first);
    clock += 60_000;
    expect(sim.firewalls.etag(FW_CLASSIC)).not.toBe(accepted);
  });

  it("runs one operation at a time: a second write while one runs gets AnotherOperationInProgress with Retry-After", async () => {
    let clock = 1_000_000;
    sim = await startFirewallSimulator({ firewall: { operationDelayMs: 90_000 }, now: () => clock });
    await put(firewallBody([webNatCollection, ajarCollection([classicRule()])]));
    const busy = await put(firewallBody([webNatCollection]));
    expect(busy.res.status).toBe(409);
    expect(busy.json.error!.code).toBe("AnotherOperationInProgress");
    expect(busy.res.headers.get("retry-after")).toBe("90");
    sim.firewalls.updateSettings({ conflictMode: "retryable-429" });
    const retryable = await put(firewallBody([webNatCollection]));
    expect(retryable.res.status).toBe(429);
    expect(retryable.json.error!.code).toBe("RetryableError");
    clock += 90_000;
    expect((await put(firewallBody([webNatCollection]))).res.status).toBe(200);
  });

  it("under supersede, a new write cancels the running one with CanceledAndSupersededDueToAnotherOperation", async () => {
    sim = await startFirewallSimulator({ firewall: { operationDelayMs: 60_000, conflictMode: "supersede" } });
    const first = await put(firewallBody([webNatCollection, ajarCollection([classicRule()])]));
    const second = await put(firewallBody([webNatCollection]));
    expect(second.res.status).toBe(200);
    const status = await operationStatus(first.res.headers.get("azure-asyncoperation")!);
    expect(status).toEqual(
      expect.objectContaining({
        status: "Canceled",
        error: expect.objectContaining({ code: "CanceledAndSupersededDueToAnotherOperation" }),
      }),
    );
    expect((await operationStatus(second.res.headers.get("azure-asyncoperation")!)).status).toBe("InProgress");
    expect(sim.firewalls.dnatRules(FW_CLASSIC, "config").map((r) => r.name)).toEqual(["https"]);
  });

  it("a cancelled operation makes the SDK's poller fail", async () => {
    sim = await startFirewallSimulator({ firewall: { operationDelayMs: 400, conflictMode: "supersede" } });
    const network = clientsFor(sim).network;
    const fw = await network.azureFirewalls.get(RG, "fw-classic");
    const poller = await network.azureFirewalls.beginCreateOrUpdate(RG, "fw-classic", fw, { updateIntervalInMs: 20 });
    await put(firewallBody([webNatCollection]));
    await expect(poller.pollUntilDone()).rejects.toThrow(/canceled/i);
    expect(poller.getOperationState().status).toBe("canceled");
  });

  it("keeps enforcing the old rules until the operation succeeds, and rolls back a failed one", async () => {
    let clock = 1_000_000;
    sim = await startFirewallSimulator({ firewall: { operationDelayMs: 120_000 }, now: () => clock });
    await put(firewallBody([webNatCollection, ajarCollection([classicRule()])]));
    expect(sim.firewalls.dnatRules(FW_CLASSIC, "config").map((r) => r.name)).toEqual(["https", "ajar-g1"]);
    expect(sim.firewalls.dnatRules(FW_CLASSIC).map((r) => r.name)).toEqual(["https"]);
    clock += 120_000;
    expect(sim.firewalls.dnatRules(FW_CLASSIC).map((r) => r.name)).toEqual(["https", "ajar-g1"]);
    sim.firewalls.failNextOperation({ code: "InternalServerError", message: "Firewall update failed." });
    const failing = await put(firewallBody([webNatCollection]));
    clock += 120_000;
    expect(await operationStatus(failing.res.headers.get("azure-asyncoperation")!)).toMatchObject({
      status: "Failed",
      error: { code: "InternalServerError" },
    });
    expect(sim.firewalls.dnatRules(FW_CLASSIC, "config").map((r) => r.name)).toEqual(["https", "ajar-g1"]);
    expect((await clientsFor(sim).network.azureFirewalls.get(RG, "fw-classic")).provisioningState).toBe("Failed");
  });

  it.each([
    ["a destination port out of range", classicRule({ destinationPorts: ["70000"] }), /destination port '70000'/],
    ["a port range", classicRule({ translatedPort: "22-23" }), /translated port '22-23'/],
    ["two destination ports", classicRule({ destinationPorts: ["50000", "50001"] }), /exactly one destination port/],
    [
      "a translated CIDR",
      classicRule({ translatedAddress: "10.0.1.0/24" }),
      /translated address '10.0.1.0\/24' is not an IP address/,
    ],
    [
      "no translation",
      classicRule({ translatedAddress: undefined }),
      /exactly one of translatedAddress and translatedFqdn/,
    ],
    ["ICMP", classicRule({ protocols: ["ICMP"] }), /protocol 'ICMP' is not allowed/],
    [
      "a destination that is not the firewall",
      classicRule({ destinationAddresses: ["20.9.9.9"] }),
      /not an address of this firewall/,
    ],
    ["a malformed source", classicRule({ sourceAddresses: ["203.0.113.300"] }), /source address '203.0.113.300'/],
    ["no source", classicRule({ sourceAddresses: [] }), /sourceAddresses or sourceIpGroups/],
  ])("rejects a NAT rule with %s", async (_what, rule, message) => {
    sim = await startFirewallSimulator();
    const { res, json } = await put(firewallBody([ajarCollection([rule])]));
    expect(res.status).toBe(400);
    expect(json.error!.message).toMatch(message);
    expect(sim.firewalls.operations()).toEqual([]);
  });

  it("rejects NAT collections sharing a priority or a name, and a Snat action", async () => {
    sim = await startFirewallSimulator();
    expect(
      (await put(firewallBody([webNatCollection, ajarCollection([classicRule()], 200)]))).json.error!.message,
    ).toMatch(/both have priority 200/);
    expect(
      (
        await put(
          firewallBody([
            webNatCollection,
            { ...webNatCollection, properties: { ...webNatCollection.properties, priority: 300 } },
          ]),
        )
      ).json.error!.message,
    ).toMatch(/two NAT rule collections are named 'web-publish'/);
    expect(
      (await put(firewallBody([{ name: "x", properties: { priority: 300, action: { type: "Snat" }, rules: [] } }])))
        .json.error!.message,
    ).toMatch(/action 'Snat'/);
    expect((await put(firewallBody([ajarCollection([classicRule()], 99)]))).json.error!.code).toBe("InvalidPriority");
  });

  it("answers 412 to a GET whose If-Match no longer matches, so a leaked write precondition is caught", async () => {
    sim = await startFirewallSimulator();
    const res = await armFetch(sim, FW_PATH, { headers: { "If-Match": 'W/"stale"' } });
    expect(res.status).toBe(412);
    const fresh = await armFetch(sim, FW_PATH, { headers: { "If-Match": sim.firewalls.etag(FW_CLASSIC) } });
    expect(fresh.status).toBe(200);
    expect(
      await errorOf(
        clientsFor(sim).network.azureFirewalls.get(RG, "fw-classic", {
          requestOptions: { customHeaders: { "If-Match": 'W/"x"' } },
        }),
      ),
    ).toMatchObject({ statusCode: 412 });
  });
});
