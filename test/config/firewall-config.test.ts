import { describe, expect, it } from "vitest";

import { parseConfig } from "../../src/config/load-config.js";
import { configuredFirewalls, firewallFor } from "../../src/domain/firewall/firewall-for-vm.js";
import type { VmSummary } from "../../src/domain/ports/network-access.port.js";

const SUB = "00000000-0000-0000-0000-000000000001";
const FW = `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/azureFirewalls/fw-hub`;
const POLICY = `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/firewallPolicies/fwpol-hub`;

const config = (firewall: Record<string, unknown> | undefined, selectorFirewall?: Record<string, unknown>) => ({
  policies: [
    {
      name: "hub",
      vms: [
        { resourceGroup: "rg-a" },
        { resourceGroup: "rg-b", ...(selectorFirewall ? { firewall: selectorFirewall } : {}) },
      ],
      ports: [{ port: 22, name: "ssh" }],
      allowedSources: ["203.0.113.0/24"],
      approval: { mode: "none" },
      ...(firewall ? { firewall } : {}),
    },
  ],
});

const vm = (resourceGroup: string): VmSummary => ({
  id: `/subscriptions/${SUB}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/virtualMachines/vm`,
  name: "vm",
  subscriptionId: SUB,
  resourceGroup,
  tags: {},
});

describe("policies[].firewall", () => {
  it("reads the firewall with defaults, and a selector's own firewall overrides the policy's", () => {
    const settings = parseConfig(
      config(
        { id: FW, publicIp: "20.1.2.3" },
        { id: POLICY, publicIp: "20.1.2.4", portRange: "51000-51009", priority: 300 },
      ),
    );
    const policy = settings.policies[0]!;
    expect(policy.firewall).toEqual({
      id: FW,
      publicIp: "20.1.2.3",
      portRange: { from: 50000, to: 50999 },
      priority: 150,
    });
    expect(firewallFor(policy, vm("rg-a"))).toBe(policy.firewall);
    expect(firewallFor(policy, vm("rg-b"))).toEqual({
      id: POLICY,
      publicIp: "20.1.2.4",
      portRange: { from: 51000, to: 51009 },
      priority: 300,
    });
    expect(configuredFirewalls(settings.policies).map((f) => f.id)).toEqual([FW, POLICY]);
  });

  it("leaves policies without a firewall as they were", () => {
    const policy = parseConfig(config(undefined)).policies[0]!;
    expect(policy.firewall).toBeUndefined();
    expect(firewallFor(policy, vm("rg-a"))).toBeUndefined();
  });

  it.each([
    [
      {
        id: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg",
        publicIp: "20.1.2.3",
      },
      /policies\[0\]\.firewall\.id: .* expected an azureFirewalls \(classic rules\) or firewallPolicies/,
    ],
    [
      { id: FW, publicIp: "fw-hub-ip" },
      /policies\[0\]\.firewall\.publicIp: "fw-hub-ip" — expected a public IP address or a publicIPAddresses resource id/,
    ],
    [
      { id: FW, publicIp: "20.1.2.3", portRange: "50999-50000" },
      /policies\[0\]\.firewall\.portRange: "50999-50000" — .*such as 50000-50999/,
    ],
    [{ id: FW, publicIp: "20.1.2.3", priority: 50 }, /policies\[0\]\.firewall\.priority/],
    [{ id: FW, publicIp: "20.1.2.3", extra: true }, /policies\[0\]\.firewall/],
  ])("names the bad key in %j", (firewall, message) => {
    expect(() => parseConfig(config(firewall))).toThrow(message);
  });

  it("refuses a selector that names only a firewall: it would match every VM", () => {
    const bad = config(undefined);
    bad.policies[0]!.vms = [{ firewall: { id: FW, publicIp: "20.1.2.3" } } as never];
    expect(() => parseConfig(bad)).toThrow(/each selector needs at least one of/);
  });
});
