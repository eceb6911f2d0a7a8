import { afterEach, describe, expect, it } from "vitest";

import { ArmClientCache, type ArmClientOptions } from "../../../src/adapters/azure/arm-clients.js";
import { AzureCloudError } from "../../../src/adapters/azure/azure-cloud-error.js";
import { AzureNetworkAccess } from "../../../src/adapters/azure/azure-network-access.js";
import type { SecurityRuleSpec } from "../../../src/domain/ports/network-access.port.js";
import type { AzureSimulator } from "../../../src/simulators/azure/index.js";
import {
  errorOf,
  NSG_NIC,
  NSG_SUBNET,
  RG_ID,
  startDemoSimulator,
  SUB,
  TOKEN,
  VM1,
  VM2,
} from "../../simulators/azure/support/sim-fixture.js";

let sim: AzureSimulator;
afterEach(async () => sim?.close());

function accessFor(
  s: AzureSimulator,
  retryOptions: ArmClientOptions["retryOptions"] = { maxRetries: 0 },
): AzureNetworkAccess {
  const cache = new ArmClientCache({ endpoint: s.url, staticToken: TOKEN, retryOptions });
  return new AzureNetworkAccess({ clients: (id) => cache.forSubscription(id), pollIntervalMs: 10 });
}

const spec = (overrides: Partial<SecurityRuleSpec> = {}): SecurityRuleSpec => ({
  name: "ajar-g1",
  priority: 200,
  direction: "Inbound",
  access: "Allow",
  protocol: "Tcp",
  sourceAddressPrefixes: ["203.0.113.7"],
  destinationAddressPrefixes: ["10.0.1.4"],
  destinationPortRanges: ["22"],
  description: "ajar grant g1",
  ...overrides,
});

describe("AzureNetworkAccess", () => {
  it("lists VMs with ids, resource groups, locations and tags", async () => {
    sim = await startDemoSimulator({ pageSize: 2 });
    const vms = await accessFor(sim).listVms([SUB]);
    expect(vms.map((v) => v.name)).toEqual(["vm-prod-1", "vm-prod-2", "vm-win-1"]);
    expect(vms[0]).toEqual({
      id: VM1,
      name: "vm-prod-1",
      subscriptionId: SUB,
      resourceGroup: "rg-prod",
      location: "westeurope",
      tags: { env: "prod", role: "api" },
    });
  });

  it("lists every NSG of a subscription with its rules in one paged call", async () => {
    sim = await startDemoSimulator({ pageSize: 1 });
    const access = accessFor(sim);
    await access.putRule(NSG_NIC, spec());
    sim.resetRequestLog();
    const groups = await access.listSecurityGroups(SUB);
    expect(groups.map((g) => g.id.toLowerCase()).sort()).toEqual(
      [NSG_NIC, NSG_SUBNET].map((id) => id.toLowerCase()).sort(),
    );
    expect(groups.find((g) => g.id.toLowerCase() === NSG_NIC.toLowerCase())!.rules).toEqual([
      expect.objectContaining({ name: "ajar-g1", priority: 200 }),
    ]);
    expect(groups.find((g) => g.id.toLowerCase() === NSG_SUBNET.toLowerCase())!.rules.map((r) => r.name)).toContain(
      "Allow-HTTPS",
    );
    // Paging is followed (page size 1) and nothing else is read: no per-NSG or per-VM calls.
    expect(sim.requestLog().every((r) => /networkSecurityGroups/i.test(r.path) && !/securityRules/i.test(r.path))).toBe(
      true,
    );
  });

  it("resolves a VM to its subnet NSG, its NIC NSG and its private IP", async () => {
    sim = await startDemoSimulator();
    const net = await accessFor(sim).resolveVmNetwork(VM1);
    expect(net.privateIps).toEqual(["10.0.1.4"]);
    expect(net.nsgIds).toEqual([NSG_SUBNET, NSG_NIC]);
    expect(net.vm).toMatchObject({ id: VM1, resourceGroup: "rg-prod" });
  });

  it("resolves a VM whose NIC has no NSG to the subnet NSG only", async () => {
    sim = await startDemoSimulator();
    const net = await accessFor(sim).resolveVmNetwork(VM2);
    expect(net).toMatchObject({ privateIps: ["10.0.1.5"], nsgIds: [NSG_SUBNET] });
  });

  it("throws CLOUD.NOT_FOUND for a VM that does not exist", async () => {
    sim = await startDemoSimulator();
    const error = await errorOf(
      accessFor(sim).resolveVmNetwork(`${RG_ID}/providers/Microsoft.Compute/virtualMachines/vm-ghost`),
    );
    expect(error).toBeInstanceOf(AzureCloudError);
    expect(error).toMatchObject({
      code: "CLOUD.NOT_FOUND",
      armCode: "ResourceNotFound",
      statusCode: 404,
      retryable: false,
    });
  });

  it("refuses ids that are not VM ids before calling Azure", async () => {
    sim = await startDemoSimulator();
    expect(await errorOf(accessFor(sim).resolveVmNetwork(NSG_NIC))).toMatchObject({ code: "INPUT.INVALID" });
    expect(sim.requestLog()).toEqual([]);
  });

  it("writes, lists and deletes a rule through the long-running operations", async () => {
    sim = await startDemoSimulator({ operationDelayMs: 60 });
    const access = accessFor(sim);
    await access.putRule(
      NSG_NIC,
      spec({ sourceAddressPrefixes: ["203.0.113.7", "198.51.100.0/24"], destinationPortRanges: ["22", "2222"] }),
    );
    expect(sim.getRules(NSG_NIC)).toMatchObject([
      {
        name: "ajar-g1",
        provisioningState: "Succeeded",
        sourceAddressPrefixes: ["203.0.113.7", "198.51.100.0/24"],
        destinationAddressPrefix: "10.0.1.4",
        destinationPortRanges: ["22", "2222"],
      },
    ]);
    expect(await access.listRules(NSG_NIC)).toEqual([
      {
        name: "ajar-g1",
        priority: 200,
        direction: "Inbound",
        access: "Allow",
        protocol: "Tcp",
        sourceAddressPrefixes: ["203.0.113.7", "198.51.100.0/24"],
        sourcePortRanges: ["*"],
        destinationAddressPrefixes: ["10.0.1.4"],
        destinationPortRanges: ["22", "2222"],
        description: "ajar grant g1",
      },
    ]);
    await access.deleteRule(NSG_NIC, "ajar-g1");
    expect(sim.getRules(NSG_NIC)).toEqual([]);
    await access.deleteRule(NSG_NIC, "ajar-g1");
    await access.deleteRule(NSG_NIC.replace("nsg-vm-prod-1", "nsg-gone"), "ajar-g1");
  });

  it("puts a single service tag in the singular field, where ARM accepts it", async () => {
    sim = await startDemoSimulator();
    await accessFor(sim).putRule(NSG_NIC, spec({ sourceAddressPrefixes: ["Internet"] }));
    expect(sim.getRules(NSG_NIC)[0]).toMatchObject({ sourceAddressPrefix: "Internet", sourceAddressPrefixes: [] });
  });

  it("reports a priority clash as CLOUD.STALE (re-plan from a fresh read) with ARM's code and message", async () => {
    sim = await startDemoSimulator();
    const error = await errorOf(accessFor(sim).putRule(NSG_SUBNET, spec({ priority: 300 })));
    expect(error).toMatchObject({
      code: "CLOUD.STALE",
      retryable: true,
      armCode: "SecurityRuleConflict",
      statusCode: 400,
    });
    expect((error as unknown as AzureCloudError).userMessage).toMatch(
      /SecurityRuleConflict: Security rule ajar-g1 conflicts with rule Allow-HTTPS/,
    );
  });

  it("reports a busy NSG as retryable CLOUD.TRANSIENT with Retry-After", async () => {
    sim = await startDemoSimulator({ operationDelayMs: 300, retryAfterSeconds: 7 });
    const access = accessFor(sim);
    const first = access.putRule(NSG_NIC, spec({ name: "first", priority: 210 }));
    await new Promise((r) => setTimeout(r, 30));
    const error = await errorOf(access.putRule(NSG_NIC, spec()));
    expect(error).toMatchObject({
      code: "CLOUD.TRANSIENT",
      retryable: true,
      armCode: "RetryableError",
      statusCode: 429,
      retryAfterMs: 7000,
    });
    await first;
  });

  it("reports a failed operation; a transient one as retryable", async () => {
    sim = await startDemoSimulator({ operationDelayMs: 20 });
    sim.failNextOperation({ code: "InternalServerError", message: "hiccup" });
    expect(await errorOf(accessFor(sim).putRule(NSG_NIC, spec()))).toMatchObject({
      code: "CLOUD.TRANSIENT",
      retryable: true,
      armCode: "InternalServerError",
    });
  });

  it("survives a dropped connection with the SDK's retry and reports it when retries run out", async () => {
    sim = await startDemoSimulator();
    sim.failNext({ status: "drop", match: { method: "PUT" } });
    await accessFor(sim, { maxRetries: 2, retryDelayInMs: 5 }).putRule(NSG_NIC, spec());
    expect(sim.getRules(NSG_NIC)).toHaveLength(1);
    sim.failNext({ status: "drop", count: 5 });
    expect(await errorOf(accessFor(sim).listRules(NSG_NIC))).toMatchObject({
      code: "CLOUD.TRANSIENT",
      retryable: true,
    });
  });

  it("stops polling when the signal aborts", async () => {
    sim = await startDemoSimulator({ operationDelayMs: 5_000 });
    const controller = new AbortController();
    const pending = accessFor(sim).putRule(NSG_NIC, spec(), controller.signal);
    setTimeout(() => controller.abort(), 80);
    const started = Date.now();
    const error = await errorOf(pending);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error.name).toBe("AbortError");
    expect(error).not.toBeInstanceOf(AzureCloudError);
  });
});
