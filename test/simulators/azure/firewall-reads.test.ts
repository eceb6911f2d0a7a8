import { afterEach, describe, expect, it } from "vitest";

import { AzureSeedError, parseAzureSeed, type AzureSimulator } from "../../../src/simulators/azure/index.js";
import {
  CLASSIC_IP,
  CLASSIC_PRIVATE_IP,
  firewallSeed,
  FW_CLASSIC,
  FW_POLICY,
  FW_SUBNET,
  PIP_CLASSIC,
  POLICY,
  startFirewallSimulator,
} from "./support/firewall-fixture.js";
import { armFetch, clientsFor, errorOf, RG } from "./support/sim-fixture.js";

let sim: AzureSimulator;
afterEach(async () => sim?.close());

describe("Azure Firewall simulator: reads", () => {
  it("serves a classic firewall with its IP configuration, private IP and NAT rule collections", async () => {
    sim = await startFirewallSimulator();
    const fw = await clientsFor(sim).network.azureFirewalls.get(RG, "fw-classic");
    expect(fw.id).toBe(FW_CLASSIC);
    expect(fw.etag).toMatch(/^W\/"/);
    expect(fw.provisioningState).toBe("Succeeded");
    expect(fw.ipConfigurations).toEqual([
      expect.objectContaining({
        name: "azureFirewallIpConfiguration",
        privateIPAddress: CLASSIC_PRIVATE_IP,
        subnet: { id: FW_SUBNET },
        publicIPAddress: { id: PIP_CLASSIC },
      }),
    ]);
    expect(fw.natRuleCollections).toEqual([
      expect.objectContaining({
        name: "web-publish",
        priority: 200,
        action: { type: "Dnat" },
        rules: [
          expect.objectContaining({
            name: "https",
            protocols: ["TCP"],
            destinationAddresses: [CLASSIC_IP],
            destinationPorts: ["443"],
            translatedAddress: "10.0.1.5",
            translatedPort: "443",
          }),
        ],
      }),
    ]);
    expect(fw.firewallPolicy).toBeUndefined();
  });

  it("serves the public IP, the AzureFirewallSubnet, and a policy with its firewalls and groups", async () => {
    sim = await startFirewallSimulator();
    const network = clientsFor(sim).network;
    const pip = await network.publicIPAddresses.get(RG, "pip-fw-classic");
    expect(pip).toMatchObject({
      ipAddress: CLASSIC_IP,
      publicIPAllocationMethod: "Static",
      ipConfiguration: { id: `${FW_CLASSIC}/azureFirewallIpConfigurations/azureFirewallIpConfiguration` },
    });
    expect((await network.subnets.get(RG, "vnet-prod", "AzureFirewallSubnet")).addressPrefix).toBe("10.0.255.0/26");
    const policy = await network.firewallPolicies.get(RG, "fwpol-prod");
    expect(policy.firewalls).toEqual([{ id: FW_POLICY }]);
    expect(policy.ruleCollectionGroups).toEqual([
      { id: `${POLICY}/ruleCollectionGroups/DefaultDnatRuleCollectionGroup` },
    ]);
    const fw = await network.azureFirewalls.get(RG, "fw-policy");
    expect(fw.firewallPolicy).toEqual({ id: POLICY });
    const group = await network.firewallPolicyRuleCollectionGroups.get(
      RG,
      "fwpol-prod",
      "DefaultDnatRuleCollectionGroup",
    );
    expect(group.priority).toBe(100);
    expect(group.ruleCollections).toEqual([
      expect.objectContaining({
        ruleCollectionType: "FirewallPolicyNatRuleCollection",
        name: "web-publish",
        action: { type: "DNAT" },
      }),
    ]);
    const groups = [];
    for await (const g of network.firewallPolicyRuleCollectionGroups.list(RG, "fwpol-prod")) groups.push(g.name);
    expect(groups).toEqual(["DefaultDnatRuleCollectionGroup"]);
    const all = [];
    for await (const f of network.azureFirewalls.listAll()) all.push(f.name);
    expect(all.sort()).toEqual(["fw-classic", "fw-policy"]);
  });

  it("answers ARM's 404s for a missing firewall, policy, group and public IP", async () => {
    sim = await startFirewallSimulator();
    const network = clientsFor(sim).network;
    expect(await errorOf(network.azureFirewalls.get(RG, "nope"))).toMatchObject({
      statusCode: 404,
      code: "ResourceNotFound",
    });
    expect(await errorOf(network.firewallPolicies.get(RG, "nope"))).toMatchObject({
      statusCode: 404,
      code: "ResourceNotFound",
    });
    expect(await errorOf(network.firewallPolicyRuleCollectionGroups.get(RG, "fwpol-prod", "nope"))).toMatchObject({
      statusCode: 404,
      code: "NotFound",
    });
    expect(await errorOf(network.publicIPAddresses.get(RG, "nope"))).toMatchObject({
      statusCode: 404,
      code: "ResourceNotFound",
    });
    const res = await armFetch(
      sim,
      `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/${RG}/providers/Microsoft.Network/firewallPolicies/nope/ruleCollectionGroups/g`,
      { method: "PUT", body: JSON.stringify({ properties: { priority: 100 } }) },
    );
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("ParentResourceNotFound");
  });

  it("refuses seeds whose firewall is not in an AzureFirewallSubnet, lacks its public IP, or mixes policy and classic rules", async () => {
    const bad = async (change: (rg: Record<string, unknown[]>) => void, message: RegExp) => {
      const seed = await firewallSeed();
      change(seed.subscriptions[0]!.resourceGroups![0] as unknown as Record<string, unknown[]>);
      expect(() => parseAzureSeed(seed)).toThrow(AzureSeedError);
      expect(() => parseAzureSeed(seed)).toThrow(message);
    };
    await bad(
      (rg) => ((rg["azureFirewalls"]![0] as { subnet: string }).subnet = "vnet-prod/snet-app"),
      /must be named AzureFirewallSubnet/,
    );
    await bad(
      (rg) => ((rg["azureFirewalls"]![0] as { publicIpAddresses: string[] }).publicIpAddresses = ["pip-missing"]),
      /public IP 'pip-missing' not found/,
    );
    await bad(
      (rg) => ((rg["azureFirewalls"]![0] as { firewallPolicy?: string }).firewallPolicy = "fwpol-prod"),
      /cannot also have classic rule collections/,
    );
    await bad(
      (rg) =>
        ((
          rg["azureFirewalls"]![0] as {
            natRuleCollections: { properties: { rules: { destinationPorts: string[] }[] } }[];
          }
        ).natRuleCollections[0]!.properties.rules[0]!.destinationPorts = ["70000"]),
      /destination port '70000'/,
    );
  });
});
