import { afterEach, describe, expect, it } from "vitest";

import type { AzureSimulator } from "../../../src/simulators/azure/index.js";
import {
  armFetch,
  clientsFor,
  NSG_NIC,
  NSG_SUBNET,
  RG,
  RG_ID,
  startDemoSimulator,
  SUB,
  VM1,
} from "./support/sim-fixture.js";

let sim: AzureSimulator;
afterEach(async () => sim?.close());

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

describe("network and compute reads", () => {
  it("serves VMs: get, list by resource group and by subscription", async () => {
    sim = await startDemoSimulator();
    const vm: unknown = await (await armFetch(sim, VM1)).json();
    expect(vm).toMatchObject({
      id: VM1,
      name: "vm-prod-1",
      location: "westeurope",
      tags: { env: "prod", role: "api" },
      properties: {
        networkProfile: {
          networkInterfaces: [{ id: `${RG_ID}/providers/Microsoft.Network/networkInterfaces/vm-prod-1-nic` }],
        },
        storageProfile: { osDisk: { osType: "Linux" } },
      },
    });
    const byRg = (await (await armFetch(sim, `${RG_ID}/providers/Microsoft.Compute/virtualMachines`)).json()) as {
      value: { name: string }[];
    };
    expect(byRg.value.map((v) => v.name)).toEqual(["vm-prod-1", "vm-prod-2", "vm-win-1"]);
    const all = await clientsFor(sim).compute.list(SUB);
    expect(all.map((v) => v.properties?.storageProfile?.osDisk?.osType)).toEqual(["Linux", "Linux", "Windows"]);
    expect((await armFetch(sim, `${RG_ID}/providers/Microsoft.Compute/virtualMachines/vm-nope`)).status).toBe(404);
  });

  it("serves NICs with virtualMachine, NSG, private IP and subnet", async () => {
    sim = await startDemoSimulator();
    const { network } = clientsFor(sim);
    const nics = await collect(network.networkInterfaces.listAll());
    expect(nics.map((n) => n.name)).toEqual(["vm-prod-1-nic", "vm-prod-2-nic", "vm-win-1-nic"]);
    const nic = await network.networkInterfaces.get(RG, "vm-prod-1-nic");
    expect(nic.virtualMachine?.id).toBe(VM1);
    expect(nic.networkSecurityGroup?.id).toBe(NSG_NIC);
    expect(nic.ipConfigurations?.[0]).toMatchObject({
      privateIPAddress: "10.0.1.4",
      subnet: { id: `${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet-prod/subnets/snet-app` },
    });
    expect((await network.networkInterfaces.get(RG, "vm-prod-2-nic")).networkSecurityGroup).toBeUndefined();
    expect((await collect(network.networkInterfaces.list(RG))).length).toBe(3);
  });

  it("serves subnets with their NSG", async () => {
    sim = await startDemoSimulator();
    const subnet = await clientsFor(sim).network.subnets.get(RG, "vnet-prod", "snet-app");
    expect(subnet).toMatchObject({ addressPrefix: "10.0.1.0/24", networkSecurityGroup: { id: NSG_SUBNET } });
  });

  it("serves NSGs with custom and the six default rules, an etag, and what they are attached to", async () => {
    sim = await startDemoSimulator();
    const { network } = clientsFor(sim);
    const nsg = await network.networkSecurityGroups.get(RG, "nsg-snet-app");
    expect(nsg.etag).toMatch(/^W\/"/);
    expect(nsg.securityRules?.map((r) => [r.name, r.priority])).toEqual([["Allow-HTTPS", 300]]);
    expect(nsg.defaultSecurityRules?.map((r) => `${r.direction}:${r.priority}:${r.access}`)).toEqual([
      "Inbound:65000:Allow",
      "Inbound:65001:Allow",
      "Inbound:65500:Deny",
      "Outbound:65000:Allow",
      "Outbound:65001:Allow",
      "Outbound:65500:Deny",
    ]);
    expect(nsg.subnets?.map((s) => s.id)).toEqual([
      `${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet-prod/subnets/snet-app`,
    ]);
    expect((await collect(network.networkSecurityGroups.listAll())).map((n) => n.name)).toEqual([
      "nsg-snet-app",
      "nsg-vm-prod-1",
    ]);
    expect((await collect(network.securityRules.list(RG, "nsg-snet-app"))).map((r) => r.name)).toEqual(["Allow-HTTPS"]);
  });

  it("pages lists with nextLink that the SDK follows", async () => {
    sim = await startDemoSimulator({ pageSize: 1 });
    const { network } = clientsFor(sim);
    const pages = await collect(network.networkInterfaces.listAll().byPage());
    expect(pages.map((p) => p.map((n) => n.name))).toEqual([["vm-prod-1-nic"], ["vm-prod-2-nic"], ["vm-win-1-nic"]]);
    const first = (await (
      await armFetch(sim, `/subscriptions/${SUB}/providers/Microsoft.Network/networkInterfaces`)
    ).json()) as { nextLink: string };
    expect(first.nextLink).toMatch(
      new RegExp(
        `^${sim.url}/subscriptions/${SUB}/providers/Microsoft.Network/networkInterfaces\\?api-version=.+&%24skipToken=1$`,
      ),
    );
    expect((await clientsFor(sim).compute.list(SUB)).length).toBe(3);
  });
});
