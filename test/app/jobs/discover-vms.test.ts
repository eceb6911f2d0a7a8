import { describe, expect, it } from "vitest";

import { discoverVms } from "../../../src/app/jobs/discover-vms.js";
import { silentLogger } from "../../../src/app/ports/logger.port.js";
import type { NsgIndex } from "../../../src/app/ports/nsg-index.port.js";
import { parseConfig } from "../../../src/config/load-config.js";
import type { NetworkAccess, VmNetwork, VmSummary } from "../../../src/domain/ports/network-access.port.js";
import type { NsgVm } from "../../../src/domain/rules/plan-nsg.js";

const SUB = "00000000-0000-0000-0000-000000000001";
const vm = (name: string): VmSummary => ({
  id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}`,
  name,
  subscriptionId: SUB,
  resourceGroup: "rg",
  tags: {},
});
const NSG = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-shared`;

function memoryIndex(): NsgIndex & { known: Map<string, { vms: NsgVm[]; complete: boolean }> } {
  const known = new Map<string, { vms: NsgVm[]; complete: boolean }>();
  return {
    known,
    addGrant: async () => undefined,
    removeGrant: async () => undefined,
    grantIds: async () => [],
    vms: async (id) => known.get(id.toLowerCase()) ?? { vms: [], complete: false },
    setVms: async (id, vms) => void known.set(id.toLowerCase(), { vms, complete: true }),
    upsertVm: async () => undefined,
    knownNsgs: async () => [...known.keys()],
  };
}

const settings = parseConfig({
  azure: { subscriptions: [SUB] },
  policies: [
    {
      name: "p",
      vms: [{ resourceGroup: "rg" }],
      ports: [{ port: 22 }],
      allowedSources: ["203.0.113.0/24"],
      approval: { mode: "none" },
    },
  ],
});

describe("discoverVms", () => {
  it("skips a VM whose network cannot be read, reports it, keeps what was known of it, and goes on with the others", async () => {
    const index = memoryIndex();
    const known: NsgVm = {
      id: vm("vm-b").id,
      name: "vm-b",
      privateIps: ["10.0.0.5"],
      ports: [{ port: 22, protocol: "Tcp" }],
    };
    await index.setVms(NSG, [known]);
    const networks: VmNetwork[] = [{ vm: vm("vm-a"), privateIps: ["10.0.0.4"], nsgIds: [NSG] }];
    const network = {
      listVmNetworks: async () => ({
        vms: networks,
        unresolved: [{ vm: vm("vm-b"), reason: "its network interface nic-b could not be read" }],
      }),
    } as unknown as NetworkAccess;

    const result = await discoverVms({ network, nsgIndex: index, settings, logger: silentLogger }, SUB, [NSG]);
    expect(result.unresolved).toEqual([{ vm: "vm-b", reason: "its network interface nic-b could not be read" }]);
    expect(result.changed).toEqual([NSG]);
    expect((await index.vms(NSG)).vms.map((v) => v.name).sort()).toEqual(["vm-a", "vm-b"]);

    // A second look with nothing new changes nothing.
    expect(
      (await discoverVms({ network, nsgIndex: index, settings, logger: silentLogger }, SUB, [NSG])).changed,
    ).toEqual([]);
  });
});
