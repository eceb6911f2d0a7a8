import type { AzureFirewall, FirewallPolicyRuleCollectionGroup, NetworkManagementClient } from "@azure/arm-network";

import { parseResourceRef } from "../../domain/azure-id/resource-ref.js";
import { AjarError } from "../../domain/errors.js";
import {
  AJAR_FIREWALL_COLLECTION,
  type FirewallDnatRule,
  type FirewallSnapshot,
} from "../../domain/ports/firewall-access.port.js";
import { isNatCollection, natRulesOf, ownedRules, toDnatRule } from "./firewall-mapping.js";

export type NetworkFor = (subscriptionId: string) => NetworkManagementClient;

/** What the adapter keeps of a read to write it back: the firewall (classic) or nothing more (policy). */
export type FirewallBase = { model: "classic"; firewall: AzureFirewall } | { model: "policy" };

const same = (a: string | undefined, b: string): boolean => a !== undefined && a.toLowerCase() === b.toLowerCase();

/** Public IPs of a set of firewalls, each with its own firewall's AzureFirewallSubnet prefixes. */
async function addressesOf(
  firewalls: AzureFirewall[],
  network: NetworkFor,
  signal?: AbortSignal,
): Promise<Pick<FirewallSnapshot, "publicIps" | "privateRanges">> {
  const perFirewall = await Promise.all(firewalls.map((f) => addressesOfOne(f, network, signal)));
  const publicIps = perFirewall.flat();
  return { publicIps, privateRanges: [...new Set(publicIps.flatMap((p) => p.privateRanges))] };
}

async function addressesOfOne(
  firewall: AzureFirewall,
  network: NetworkFor,
  signal?: AbortSignal,
): Promise<FirewallSnapshot["publicIps"]> {
  const configs = firewall.ipConfigurations ?? [];
  const pipIds = [...new Set(configs.map((c) => c.publicIPAddress?.id).filter((id): id is string => id !== undefined))];
  const subnetIds = [...new Set(configs.map((c) => c.subnet?.id).filter((id): id is string => id !== undefined))];
  const prefixes = await Promise.all(
    subnetIds.map(async (id) => {
      const ref = parseResourceRef(id, "Microsoft.Network/virtualNetworks");
      if (!ref.child) return [];
      const subnet = await network(ref.subscriptionId).subnets.get(ref.resourceGroup, ref.name, ref.child.name, {
        abortSignal: signal,
      });
      return subnet.addressPrefixes?.length
        ? subnet.addressPrefixes
        : subnet.addressPrefix
          ? [subnet.addressPrefix]
          : [];
    }),
  );
  const privateRanges = [...new Set(prefixes.flat())];
  const publicIps = await Promise.all(
    pipIds.map(async (id) => {
      const ref = parseResourceRef(id, "Microsoft.Network/publicIPAddresses");
      const pip = await network(ref.subscriptionId).publicIPAddresses.get(ref.resourceGroup, ref.name, {
        abortSignal: signal,
      });
      return { id, address: pip.ipAddress ?? "", privateRanges };
    }),
  );
  return publicIps.filter((p) => p.address !== "");
}

export async function readClassic(
  id: string,
  network: NetworkFor,
  signal?: AbortSignal,
): Promise<FirewallSnapshot & { base: FirewallBase }> {
  const ref = parseResourceRef(id, "Microsoft.Network/azureFirewalls");
  const firewall = await network(ref.subscriptionId).azureFirewalls.get(ref.resourceGroup, ref.name, {
    abortSignal: signal,
  });
  if (firewall.firewallPolicy?.id) {
    throw new AjarError(
      "CONFIG.INVALID",
      `Firewall ${ref.name} is managed by the Firewall Policy ${firewall.firewallPolicy.id}: configure that policy's id as the firewall instead of the firewall's.`,
    );
  }
  const collections = firewall.natRuleCollections ?? [];
  const mine = collections.find((c) => same(c.name, AJAR_FIREWALL_COLLECTION));
  const foreignRules: FirewallDnatRule[] = collections
    .filter((c) => c !== mine)
    .flatMap((c) => (c.rules ?? []).map((r) => toDnatRule(r, c.name ?? "")));
  return {
    id,
    model: "classic",
    etag: firewall.etag,
    provisioningState: firewall.provisioningState ?? "Succeeded",
    owned: mine
      ? {
          priority: mine.priority ?? 0,
          rules: ownedRules((mine.rules ?? []).map((r) => toDnatRule(r, AJAR_FIREWALL_COLLECTION))),
        }
      : undefined,
    foreignRules,
    takenPriorities: collections.filter((c) => c !== mine && c.priority !== undefined).map((c) => c.priority as number),
    ...(await addressesOf([firewall], network, signal)),
    base: { model: "classic", firewall },
  };
}

function groupRules(group: FirewallPolicyRuleCollectionGroup): FirewallDnatRule[] {
  return (group.ruleCollections ?? [])
    .filter(isNatCollection)
    .flatMap((c) => natRulesOf(c).map((r) => toDnatRule(r, c.name ?? "", group.name)));
}

export async function readPolicy(
  id: string,
  network: NetworkFor,
  signal?: AbortSignal,
): Promise<FirewallSnapshot & { base: FirewallBase }> {
  const ref = parseResourceRef(id, "Microsoft.Network/firewallPolicies");
  const client = network(ref.subscriptionId);
  const policy = await client.firewallPolicies.get(ref.resourceGroup, ref.name, { abortSignal: signal });
  const groups: FirewallPolicyRuleCollectionGroup[] = [];
  for await (const group of client.firewallPolicyRuleCollectionGroups.list(ref.resourceGroup, ref.name, {
    abortSignal: signal,
  }))
    groups.push(group);
  const mine = groups.find((g) => same(g.name, AJAR_FIREWALL_COLLECTION));
  const firewalls = await Promise.all(
    (policy.firewalls ?? []).map((f) => {
      const fw = parseResourceRef(f.id ?? "", "Microsoft.Network/azureFirewalls");
      return network(fw.subscriptionId).azureFirewalls.get(fw.resourceGroup, fw.name, { abortSignal: signal });
    }),
  );
  return {
    id,
    model: "policy",
    etag: mine?.etag,
    provisioningState: mine?.provisioningState ?? "Succeeded",
    owned: mine ? { priority: mine.priority ?? 0, rules: ownedRules(groupRules(mine)) } : undefined,
    foreignRules: groups.filter((g) => g !== mine).flatMap(groupRules),
    takenPriorities: groups.filter((g) => g !== mine && g.priority !== undefined).map((g) => g.priority as number),
    ...(await addressesOf(firewalls, network, signal)),
    base: { model: "policy" },
  };
}
