import { afterEach, describe, expect, it } from "vitest";

import type { AzureSimulator } from "../../../src/simulators/azure/index.js";
import {
  CLASSIC_IP,
  classicRule,
  FW_CLASSIC,
  POLICY,
  POLICY_IP,
  startFirewallSimulator,
} from "./support/firewall-fixture.js";
import { NSG_NIC } from "./support/sim-fixture.js";

let sim: AzureSimulator;
afterEach(async () => sim?.close());

const REQUESTER = "203.0.113.7";

const dnatToSsh = (source = REQUESTER) => ({
  name: "ajar-jit",
  properties: { priority: 150, action: { type: "Dnat" }, rules: [classicRule({ sourceAddresses: [source] })] },
});
const lockdown = {
  name: "lockdown-ssh",
  priority: 1000,
  direction: "Inbound" as const,
  access: "Deny" as const,
  protocol: "*",
  destinationAddressPrefix: "10.0.1.4",
  destinationPortRange: "22",
};
const allowFrom = (source: string, priority = 900) => ({
  name: `allow-${priority}`,
  priority,
  direction: "Inbound" as const,
  access: "Allow" as const,
  protocol: "Tcp",
  sourceAddressPrefix: source,
  destinationAddressPrefix: "10.0.1.4",
  destinationPortRange: "22",
});

describe("reachability through a firewall and the VM's NSGs", () => {
  it("needs a DNAT rule matching source, address, port and protocol", async () => {
    sim = await startFirewallSimulator();
    expect(sim.firewalls.reach(REQUESTER, CLASSIC_IP, 50000).reason).toMatch(/no DNAT rule/);
    sim.firewalls.adminPutNatCollection(FW_CLASSIC, dnatToSsh());
    expect(sim.firewalls.reach(REQUESTER, CLASSIC_IP, 50000)).toMatchObject({
      reachable: true,
      dnat: { rule: "ajar-g1", translatedAddress: "10.0.1.4", translatedPort: 22 },
    });
    expect(sim.firewalls.reach("198.51.100.1", CLASSIC_IP, 50000).reachable).toBe(false);
    expect(sim.firewalls.reach(REQUESTER, CLASSIC_IP, 50001).reachable).toBe(false);
    expect(sim.firewalls.reach(REQUESTER, CLASSIC_IP, 50000, "UDP").reachable).toBe(false);
    expect(sim.firewalls.reach(REQUESTER, "20.9.9.9", 50000).reason).toMatch(/no firewall answers/);
  });

  it("sees the firewall, not the requester, as the source at the NSG: only an allow from the firewall subnet opens the path", async () => {
    sim = await startFirewallSimulator();
    sim.firewalls.adminPutNatCollection(FW_CLASSIC, dnatToSsh());
    // Without a lock-down the default AllowVnetInBound lets the firewall (inside the VNet) through.
    expect(sim.firewalls.reach(REQUESTER, CLASSIC_IP, 50000).nsgVerdicts[0]).toMatchObject({
      access: "Allow",
      rule: "AllowVnetInBound",
    });
    sim.adminPutRule(NSG_NIC, lockdown);
    expect(sim.firewalls.reach(REQUESTER, CLASSIC_IP, 50000)).toMatchObject({
      reachable: false,
      reason: expect.stringMatching(/denies 10\.0\.255\.\d+ .* by rule lockdown-ssh/),
    });
    // Defender's rule: the requester's address in the NSG. It never matches after DNAT.
    sim.adminPutRule(NSG_NIC, allowFrom(REQUESTER));
    expect(sim.firewalls.reach(REQUESTER, CLASSIC_IP, 50000).reachable).toBe(false);
    // Only the firewall's first instance: another instance handling the flow is still denied.
    sim.adminPutRule(NSG_NIC, allowFrom("10.0.255.4", 850));
    expect(sim.firewalls.reach(REQUESTER, CLASSIC_IP, 50000).reachable).toBe(false);
    sim.adminPutRule(NSG_NIC, allowFrom("10.0.255.0/26", 800));
    expect(sim.firewalls.reach(REQUESTER, CLASSIC_IP, 50000)).toMatchObject({ reachable: true });
    expect(sim.firewalls.reach("198.51.100.1", CLASSIC_IP, 50000).reachable).toBe(false);
  });

  it("follows a Firewall Policy's groups in priority order, and DNAT to a VM reached directly stays a separate question", async () => {
    sim = await startFirewallSimulator();
    sim.adminPutRule(NSG_NIC, lockdown);
    sim.firewalls.adminPutRuleCollectionGroup(POLICY, "ajar-jit", {
      priority: 150,
      ruleCollections: [
        {
          ruleCollectionType: "FirewallPolicyNatRuleCollection",
          name: "ajar-jit",
          priority: 100,
          action: { type: "DNAT" },
          rules: [
            {
              ruleType: "NatRule",
              name: "g1",
              ipProtocols: ["TCP"],
              sourceAddresses: ["203.0.113.0/28"],
              destinationAddresses: [POLICY_IP],
              destinationPorts: ["50000"],
              translatedAddress: "10.0.1.4",
              translatedPort: "22",
            },
          ],
        },
      ],
    });
    expect(sim.firewalls.reach(REQUESTER, POLICY_IP, 50000).reason).toMatch(/lockdown-ssh/);
    sim.adminPutRule(NSG_NIC, allowFrom("10.1.0.0/26", 800));
    expect(sim.firewalls.reach(REQUESTER, POLICY_IP, 50000).reachable).toBe(true);
    expect(sim.firewalls.reach("203.0.113.20", POLICY_IP, 50000).reachable).toBe(false);
    expect(sim.firewalls.reach(REQUESTER, POLICY_IP, 443)).toMatchObject({
      reachable: true,
      dnat: { translatedAddress: "10.0.1.5" },
    });
    expect(sim.firewalls.reachDirect("10.0.1.5", "10.0.1.4", 22)).toMatchObject({
      reachable: false,
      reason: expect.stringMatching(/lockdown-ssh/),
    });
    expect(sim.firewalls.reachDirect("10.0.1.5", "10.0.1.4", 443).reachable).toBe(true);
  });

  it("counts only what the firewall enforces: a rule whose operation is still running does not open anything", async () => {
    let clock = 1_000_000;
    sim = await startFirewallSimulator({ firewall: { operationDelayMs: 180_000 }, now: () => clock });
    const res = await fetch(`${sim.url}${FW_CLASSIC}?api-version=2024-05-01`, {
      method: "PUT",
      headers: { Authorization: "Bearer t", "Content-Type": "application/json" },
      body: JSON.stringify({
        location: "westeurope",
        properties: {
          ipConfigurations: [
            {
              name: "c",
              properties: {
                subnet: {
                  id: `${FW_CLASSIC.split("/providers/")[0]}/providers/Microsoft.Network/virtualNetworks/vnet-prod/subnets/AzureFirewallSubnet`,
                },
                publicIPAddress: {
                  id: `${FW_CLASSIC.split("/providers/")[0]}/providers/Microsoft.Network/publicIPAddresses/pip-fw-classic`,
                },
              },
            },
          ],
          natRuleCollections: [dnatToSsh()],
        },
      }),
    });
    expect(res.status).toBe(200);
    expect(sim.firewalls.reach(REQUESTER, CLASSIC_IP, 50000).reachable).toBe(false);
    clock += 180_000;
    expect(sim.firewalls.reach(REQUESTER, CLASSIC_IP, 50000).reachable).toBe(true);
  });
});

describe("the firewall part of the /_sim control API", () => {
  it("answers reachability, DNAT rules, settings and injected operation failures over HTTP", async () => {
    sim = await startFirewallSimulator();
    sim.firewalls.adminPutNatCollection(FW_CLASSIC, dnatToSsh());
    const get = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${sim.url}${path}`, { ...init, headers: { "Content-Type": "application/json" } });
      return {
        status: res.status,
        body: res.status === 204 ? undefined : ((await res.json()) as Record<string, unknown>),
      };
    };
    expect(
      (await get(`/_sim/firewalls/reach?source=${REQUESTER}&address=${CLASSIC_IP}&port=50000`)).body,
    ).toMatchObject({ reachable: true });
    expect(
      (await get(`/_sim/firewalls/reach?source=198.51.100.1&address=${CLASSIC_IP}&port=50000`)).body,
    ).toMatchObject({ reachable: false });
    expect((await get(`/_sim/firewalls/reach?source=${REQUESTER}&address=${CLASSIC_IP}&port=0`)).status).toBe(400);
    expect(
      (
        (await get(`/_sim/firewalls/dnat-rules?id=${encodeURIComponent(FW_CLASSIC)}`)).body as unknown as {
          name: string;
        }[]
      ).map((r) => r.name),
    ).toEqual(["https", "ajar-g1"]);
    expect(
      (
        await get("/_sim/firewalls/settings", {
          method: "PATCH",
          body: JSON.stringify({ operationDelayMs: 120000, conflictMode: "supersede" }),
        })
      ).body,
    ).toEqual({ operationDelayMs: 120000, conflictMode: "supersede" });
    expect(
      (
        await get("/_sim/firewalls/operations/fail-next", {
          method: "POST",
          body: JSON.stringify({ code: "InternalServerError" }),
        })
      ).status,
    ).toBe(204);
    expect(
      (await get("/_sim/firewalls/settings", { method: "PATCH", body: JSON.stringify({ conflictMode: "sometimes" }) }))
        .status,
    ).toBe(400);
  });
});
