import { afterEach, describe, expect, it } from "vitest";

import { AzureNetworkAccess } from "../../../src/adapters/azure/azure-network-access.js";
import type { AzureSimulator } from "../../../src/simulators/azure/index.js";
import {
  armFetch,
  clientsFor,
  NSG_NIC,
  NSG_SUBNET,
  RG_ID,
  startDemoSimulator,
  VM1,
  VM2,
} from "./support/sim-fixture.js";

const NIC = `${RG_ID}/providers/Microsoft.Network/networkInterfaces/vm-prod-1-nic`;

describe("effectiveNetworkSecurityGroups (networkInterface.json)", () => {
  let sim: AzureSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it("is a long-running POST: 202 with a Location that answers 202, then 200 with the result", async () => {
    // Long enough that the first poll lands while the operation still runs, even on a busy machine.
    sim = await startDemoSimulator({ operationDelayMs: 1500 });
    sim.adminPutRule(NSG_NIC, {
      name: "Allow-SSH-Ops",
      priority: 300,
      direction: "Inbound",
      access: "Allow",
      protocol: "Tcp",
      sourceAddressPrefixes: ["198.51.100.0/24", "203.0.113.7"],
      destinationPortRange: "22",
    });
    const started = await armFetch(sim, `${NIC}/effectiveNetworkSecurityGroups`, { method: "POST" });
    expect(started.status).toBe(202);
    const location = started.headers.get("location")!;
    expect(location).toMatch(
      /\/providers\/Microsoft\.Network\/locations\/[^/]+\/operationResults\/[0-9a-f-]{36}\?api-version=/,
    );
    const path = location.slice(sim.url.length);
    const running = await armFetch(sim, path);
    expect(running.status).toBe(202);
    expect(running.headers.get("location")).toBe(location);
    let done = running;
    for (let i = 0; i < 40 && done.status === 202; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      done = await armFetch(sim, path);
    }
    expect(done.status).toBe(200);
    const body = (await done.json()) as {
      value: {
        networkSecurityGroup: { id: string };
        association: Record<string, { id: string }>;
        effectiveSecurityRules: Record<string, unknown>[];
      }[];
    };

    expect(body.value.map((g) => [g.networkSecurityGroup.id, Object.keys(g.association)])).toEqual([
      [NSG_NIC, ["networkInterface"]],
      [NSG_SUBNET, ["subnet"]],
    ]);
    const rules = body.value[0]!.effectiveSecurityRules;
    expect(rules.find((r) => r.name === "securityRules/Allow-SSH-Ops")).toEqual({
      name: "securityRules/Allow-SSH-Ops",
      protocol: "Tcp",
      sourcePortRange: "0-65535",
      destinationPortRange: "22-22",
      sourceAddressPrefixes: ["198.51.100.0/24", "203.0.113.7/32"],
      destinationAddressPrefix: "0.0.0.0/0",
      access: "Allow",
      priority: 300,
      direction: "Inbound",
    });
    const vnetIn = rules.find((r) => r.name === "defaultSecurityRules/AllowVnetInBound")!;
    expect(vnetIn).toMatchObject({
      protocol: "All",
      sourceAddressPrefix: "VirtualNetwork",
      expandedSourceAddressPrefix: ["10.0.0.0/16"],
    });
    const internet = rules.find((r) => r.name === "defaultSecurityRules/AllowInternetOutBound")!;
    expect(internet.expandedDestinationAddressPrefix).toContain("8.0.0.0/7");
    expect(internet.expandedDestinationAddressPrefix).not.toContain("10.0.0.0/8");
  });

  it("answers 404 for a NIC that does not exist", async () => {
    sim = await startDemoSimulator();
    const response = await armFetch(
      sim,
      `${RG_ID}/providers/Microsoft.Network/networkInterfaces/nope/effectiveNetworkSecurityGroups`,
      { method: "POST" },
    );
    expect(response.status).toBe(404);
  });

  it("reaches the domain through the real SDK poller, tags expanded and ports as ranges", async () => {
    sim = await startDemoSimulator({ operationDelayMs: 20 });
    const network = new AzureNetworkAccess({ clients: () => clientsFor(sim!), pollIntervalMs: 10 });
    const groups = await network.listEffectiveRules(VM1);
    expect(groups.map((g) => [g.nsgId, g.appliesTo])).toEqual([
      [NSG_NIC, "nic"],
      [NSG_SUBNET, "subnet"],
    ]);
    const denyAll = groups[0]!.rules.find((r) => r.name === "defaultSecurityRules/DenyAllInBound");
    expect(denyAll).toEqual({
      name: "defaultSecurityRules/DenyAllInBound",
      priority: 65500,
      direction: "Inbound",
      access: "Deny",
      protocol: "All",
      sourcePrefixes: ["0.0.0.0/0"],
      destinationPrefixes: ["0.0.0.0/0"],
      sourcePortRanges: ["0-65535"],
      destinationPortRanges: ["0-65535"],
    });
    expect(groups[0]!.rules.find((r) => r.name.endsWith("AllowVnetInBound"))?.sourcePrefixes).toEqual(["10.0.0.0/16"]);
    // vm-prod-2's NIC has no NSG of its own: only the subnet's is on its path.
    expect((await network.listEffectiveRules(VM2)).map((g) => g.appliesTo)).toEqual(["subnet"]);
  });
});
