import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { AzureSeedError, DEMO_SEED_PATH, loadAzureSeed, parseAzureSeed } from "../../../src/simulators/azure/index.js";
import { demoSeed } from "./support/sim-fixture.js";

describe("Azure simulator seed", () => {
  it("loads the demo seed with the estate the project relies on", async () => {
    const seed = await loadAzureSeed(DEMO_SEED_PATH);
    const rg = seed.subscriptions[0]?.resourceGroups[0];
    expect(seed.subscriptions[0]?.id).toBe("00000000-0000-0000-0000-000000000001");
    expect(rg?.virtualMachines.map((vm) => vm.name)).toEqual(["vm-prod-1", "vm-prod-2", "vm-win-1"]);
    expect(rg?.networkSecurityGroups.find((n) => n.name === "nsg-snet-app")?.rules[0]).toMatchObject({
      name: "Allow-HTTPS",
      priority: 300,
    });
    expect(seed.roleDefinitions[0]?.permissions[0]?.actions).toContain(
      "Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action",
    );
  });

  it("reads JSON seeds too", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ajar-seed-"));
    const path = join(dir, "seed.json");
    await writeFile(path, JSON.stringify(await demoSeed()));
    expect((await loadAzureSeed(path)).principals.users).toHaveLength(3);
  });

  it("names the bad field when the shape is wrong", () => {
    const bad = { subscriptions: [{ id: "not-a-guid" }] };
    expect(() => parseAzureSeed(bad)).toThrow(AzureSeedError);
    expect(() => parseAzureSeed(bad)).toThrow(/subscriptions\.0\.id: a GUID/);
  });

  it("rejects references that do not resolve", async () => {
    const seed = await demoSeed();
    const vm = seed.subscriptions[0]!.resourceGroups![0]!.virtualMachines![0]!;
    vm.networkInterfaces[0]!.subnet = "vnet-prod/snet-missing";
    expect(() => parseAzureSeed(seed)).toThrow(/NIC vm-prod-1-nic: subnet 'vnet-prod\/snet-missing' not found/);
  });

  it("rejects an unknown role or principal in an assignment", async () => {
    const seed = await demoSeed();
    seed.roleAssignments!.push({ role: "Wizard", principal: "alice", scope: "/" });
    expect(() => parseAzureSeed(seed)).toThrow(/unknown role 'Wizard'/);
  });

  it("applies ARM's rule validation to seeded rules", async () => {
    const seed = await demoSeed();
    seed.subscriptions[0]!.resourceGroups![0]!.networkSecurityGroups![0]!.rules!.push({
      name: "dup",
      priority: 300,
      direction: "Inbound",
      access: "Deny",
    });
    expect(() => parseAzureSeed(seed)).toThrow(/share priority 300 Inbound/);
    const seed2 = await demoSeed();
    seed2.subscriptions[0]!.resourceGroups![0]!.networkSecurityGroups![0]!.rules!.push({
      name: "bad",
      priority: 50,
      direction: "Inbound",
      access: "Deny",
    });
    expect(() => parseAzureSeed(seed2)).toThrow(/invalid Priority/);
  });
});
