import { isRestError } from "@azure/core-rest-pipeline";
import { afterEach, describe, expect, it } from "vitest";

import type { AzureSimulator } from "../../../src/simulators/azure/index.js";
import {
  armFetch,
  clientsFor,
  errorOf,
  NSG_NIC,
  NSG_SUBNET,
  RG,
  sshRule,
  startDemoSimulator,
} from "./support/sim-fixture.js";

let sim: AzureSimulator;
afterEach(async () => sim?.close());

const operationPolls = (s: AzureSimulator) =>
  s.requestLog().filter((e) => e.method === "GET" && /\/operations\//.test(e.path));

describe("security rules through the real SDK's long-running operations", () => {
  it("creates a rule: 201 Updating, polls Azure-AsyncOperation until Succeeded, then GETs the rule", async () => {
    sim = await startDemoSimulator({ operationDelayMs: 120 });
    const { network } = clientsFor(sim);
    const poller = await network.securityRules.beginCreateOrUpdate(RG, "nsg-vm-prod-1", "ajar-ssh", sshRule(), {
      updateIntervalInMs: 10,
    });
    expect(sim.getRules(NSG_NIC)).toMatchObject([{ name: "ajar-ssh", provisioningState: "Updating" }]);
    const rule = await poller.pollUntilDone();

    expect(rule).toMatchObject({
      name: "ajar-ssh",
      provisioningState: "Succeeded",
      priority: 200,
      destinationPortRange: "22",
    });
    expect(rule.etag).toMatch(/^W\/"/);
    expect(operationPolls(sim).length).toBeGreaterThanOrEqual(3);
    const put = sim.writeLog().find((w) => w.method === "PUT");
    expect(put).toMatchObject({
      status: 201,
      outcome: "accepted",
      ruleName: "ajar-ssh",
      operationStatus: "Succeeded",
      rule: { priority: 200 },
    });
  });

  it("answers 200 when the rule already exists", async () => {
    sim = await startDemoSimulator();
    const res = await armFetch(sim, `${NSG_SUBNET}/securityRules/Allow-HTTPS`, {
      method: "PUT",
      body: JSON.stringify({ properties: sshRule({ priority: 300, destinationPortRange: "443" }) }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("azure-asyncoperation")).toMatch(
      new RegExp(`^${sim.url}/subscriptions/.+/providers/Microsoft.Network/locations/westeurope/operations/`),
    );
  });

  it("deletes a rule: 202 with Location and Azure-AsyncOperation, polled until done", async () => {
    sim = await startDemoSimulator({ operationDelayMs: 100 });
    sim.adminPutRule(NSG_NIC, {
      name: "ajar-old",
      priority: 210,
      direction: "Inbound",
      access: "Allow",
      protocol: "Tcp",
      destinationPortRange: "22",
    });
    const { network } = clientsFor(sim);
    const poller = await network.securityRules.beginDelete(RG, "nsg-vm-prod-1", "ajar-old", { updateIntervalInMs: 10 });
    expect(sim.getRules(NSG_NIC)).toMatchObject([{ name: "ajar-old", provisioningState: "Deleting" }]);
    await poller.pollUntilDone();

    expect(sim.getRules(NSG_NIC)).toEqual([]);
    expect(operationPolls(sim).length).toBeGreaterThanOrEqual(2);
    expect(sim.writeLog().at(-1)).toMatchObject({ method: "DELETE", status: 202, operationStatus: "Succeeded" });
  });

  it("serves the Location polling URL: 202 while running, 204 when done", async () => {
    sim = await startDemoSimulator({ operationDelayMs: 80 });
    sim.adminPutRule(NSG_NIC, { name: "r1", priority: 210, direction: "Inbound", access: "Allow" });
    const res = await armFetch(sim, `${NSG_NIC}/securityRules/r1`, { method: "DELETE" });
    expect(res.status).toBe(202);
    const location = res.headers.get("location") as string;
    const running = await fetch(location, { headers: { Authorization: "Bearer x" } });
    expect(running.status).toBe(202);
    await new Promise((r) => setTimeout(r, 100));
    expect((await fetch(location, { headers: { Authorization: "Bearer x" } })).status).toBe(204);
  });

  it("deleting a missing rule answers 204 and the SDK finishes at once", async () => {
    sim = await startDemoSimulator();
    const res = await armFetch(sim, `${NSG_NIC}/securityRules/never-existed`, { method: "DELETE" });
    expect(res.status).toBe(204);
    await clientsFor(sim).network.securityRules.beginDeleteAndWait(RG, "nsg-vm-prod-1", "never-existed", {
      updateIntervalInMs: 10,
    });
  });

  it("a failed operation ends the SDK's poll with the operation's error", async () => {
    sim = await startDemoSimulator({ operationDelayMs: 30 });
    sim.failNextOperation({ code: "InternalServerError", message: "Something went wrong." });
    const error = await errorOf(
      clientsFor(sim).network.securityRules.beginCreateOrUpdateAndWait(RG, "nsg-vm-prod-1", "r", sshRule(), {
        updateIntervalInMs: 10,
      }),
    );
    expect(error.message).toBe("The long-running operation has failed. InternalServerError. Something went wrong.");
    expect(sim.getRules(NSG_NIC)).toMatchObject([{ name: "r", provisioningState: "Failed" }]);
  });
});

describe("ARM validation of security rules", () => {
  it("400 SecurityRuleConflict on a duplicate priority in the same direction", async () => {
    sim = await startDemoSimulator();
    const error = await errorOf(
      clientsFor(sim).network.securityRules.beginCreateOrUpdateAndWait(
        RG,
        "nsg-snet-app",
        "ajar-ssh",
        sshRule({ priority: 300 }),
      ),
    );
    expect(isRestError(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 400, code: "SecurityRuleConflict" });
    expect(error.message).toMatch(
      /conflicts with rule Allow-HTTPS\. Rules cannot have the same Priority and Direction/,
    );
    expect(sim.writeLog().at(-1)).toMatchObject({ outcome: "rejected", errorCode: "SecurityRuleConflict" });
  });

  it("allows the same priority in the other direction", async () => {
    sim = await startDemoSimulator();
    const rule = await clientsFor(sim).network.securityRules.beginCreateOrUpdateAndWait(
      RG,
      "nsg-snet-app",
      "out-300",
      sshRule({ priority: 300, direction: "Outbound" }),
      { updateIntervalInMs: 10 },
    );
    expect(rule.provisioningState).toBe("Succeeded");
  });

  it.each([
    [{ priority: 99 }, "SecurityRuleInvalidPriority"],
    [{ priority: 4097 }, "SecurityRuleInvalidPriority"],
    [{ sourceAddressPrefix: "any" }, "SecurityRuleInvalidAddressPrefix"],
    [{ sourceAddressPrefix: "10.0.0.0/33" }, "SecurityRuleInvalidAddressPrefix"],
    [{ sourceAddressPrefix: "300.1.1.1" }, "SecurityRuleInvalidAddressPrefix"],
    [
      { sourceAddressPrefix: undefined, sourceAddressPrefixes: ["Internet"] },
      "SecurityRuleParameterContainsUnsupportedValue",
    ],
    [{ destinationPortRange: "70000" }, "SecurityRuleInvalidPortRange"],
    [{ destinationPortRange: "22,3389" }, "SecurityRuleInvalidPortRange"],
    [{ destinationPortRange: "3389-22" }, "SecurityRuleInvalidPortRange"],
    [{ description: "x".repeat(141) }, "SecurityRuleDescriptionTooLong"],
    [{ protocol: "Tcpx" }, "InvalidRequestFormat"],
    [{ sourceAddressPrefix: undefined }, "SecurityRuleParametersMissing"],
  ])("rejects %o with %s", async (overrides, code) => {
    sim = await startDemoSimulator();
    const res = await armFetch(sim, `${NSG_NIC}/securityRules/r1`, {
      method: "PUT",
      body: JSON.stringify({ properties: sshRule(overrides) }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    expect(sim.getRules(NSG_NIC)).toEqual([]);
  });

  it.each(["*", "Internet", "VirtualNetwork", "AzureLoadBalancer", "Storage.WestEurope", "2001:db8::/32", "192.0.2.1"])(
    "accepts source prefix %s",
    async (prefix) => {
      sim = await startDemoSimulator();
      const res = await armFetch(sim, `${NSG_NIC}/securityRules/r1`, {
        method: "PUT",
        body: JSON.stringify({ properties: sshRule({ sourceAddressPrefix: prefix }) }),
      });
      expect(res.status).toBe(201);
    },
  );

  it("rejects invalid rule names", async () => {
    sim = await startDemoSimulator();
    const res = await armFetch(sim, `${NSG_NIC}/securityRules/-bad-`, {
      method: "PUT",
      body: JSON.stringify({ properties: sshRule() }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("InvalidResourceName");
  });
});

describe("ARM's 404 shapes", () => {
  it("a missing rule is NotFound, a missing NSG ResourceNotFound, a missing group ResourceGroupNotFound", async () => {
    sim = await startDemoSimulator();
    const { network } = clientsFor(sim);
    expect(await errorOf(network.securityRules.get(RG, "nsg-vm-prod-1", "nope"))).toMatchObject({
      statusCode: 404,
      code: "NotFound",
    });
    const nsg = await errorOf(network.networkSecurityGroups.get(RG, "nsg-nope"));
    expect(nsg).toMatchObject({ statusCode: 404, code: "ResourceNotFound" });
    expect(nsg.message).toBe(
      "The Resource 'Microsoft.Network/networkSecurityGroups/nsg-nope' under resource group 'rg-prod' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
    );
    expect(await errorOf(network.networkSecurityGroups.get("rg-nope", "x"))).toMatchObject({
      statusCode: 404,
      code: "ResourceGroupNotFound",
    });
    const raw = await armFetch(sim, `${NSG_NIC}/securityRules/nope`);
    expect(await raw.json()).toEqual({
      error: { code: "NotFound", message: `Resource ${NSG_NIC}/securityRules/nope not found.` },
    });
  });

  it("a write below a missing NSG is ParentResourceNotFound", async () => {
    sim = await startDemoSimulator();
    const res = await armFetch(sim, `${NSG_NIC.replace("nsg-vm-prod-1", "nsg-gone")}/securityRules/r`, {
      method: "DELETE",
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("ParentResourceNotFound");
  });

  it("requires api-version like ARM", async () => {
    sim = await startDemoSimulator();
    const res = await fetch(`${sim.url}${NSG_NIC}`, { headers: { Authorization: "Bearer t" } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("MissingApiVersionParameter");
  });
});
