import { isIP } from "node:net";

import { resourceIdOf, stableGuid } from "../state/arm-ids.js";
import type { SimState } from "../state/model.js";
import {
  validateClassicNatCollections,
  validateGroupName,
  validateOpaqueCollections,
  validateRuleCollectionGroup,
} from "./collection-validation.js";
import { groupPropertiesJson } from "./firewall-json.js";
import { keyOfId, type FirewallConfig, type FirewallRecord, type PolicyRecord } from "./firewall-model.js";
import type { FirewallSeedGroup } from "./firewall-seed-schema.js";
import { FirewallStore, registerFirewallStore } from "./firewall-store.js";

interface SeedWithFirewalls {
  subscriptions: { id: string; resourceGroups: FirewallSeedGroup[] }[];
}

const seedEtag = (...parts: string[]): string => `W/"${stableGuid(...parts)}"`;

/**
 * Builds the firewall side of a fresh state from the seed and attaches it to that state. Throws with
 * the offending entry on a bad reference or an invalid rule, so a seed fails at load time.
 */
export function attachFirewalls(state: SimState, seed: SeedWithFirewalls): FirewallStore {
  const store = new FirewallStore(state);
  for (const sub of seed.subscriptions) for (const rg of sub.resourceGroups) addPublicIps(store, sub.id, rg);
  for (const sub of seed.subscriptions) for (const rg of sub.resourceGroups) addPolicies(store, sub.id, rg);
  for (const sub of seed.subscriptions) for (const rg of sub.resourceGroups) addFirewalls(store, sub.id, rg);
  for (const policy of store.policies.values()) {
    for (const group of policy.groups.values()) {
      // Checked again now that the firewalls using the policy, and so the valid DNAT targets, are known.
      if (group.config)
        validateRuleCollectionGroup(groupPropertiesJson(group.config), group.name, store.policyDestinations(policy.id));
    }
  }
  registerFirewallStore(state, store);
  return store;
}

function addPublicIps(store: FirewallStore, sub: string, rg: FirewallSeedGroup): void {
  for (const pip of rg.publicIpAddresses) {
    if (isIP(pip.ipAddress) === 0) throw new Error(`public IP ${pip.name}: '${pip.ipAddress}' is not an IP address`);
    const id = resourceIdOf(sub, rg.name, "Microsoft.Network", "publicIPAddresses", pip.name);
    store.publicIps.set(keyOfId(id), {
      id,
      name: pip.name,
      location: pip.location ?? rg.location,
      ipAddress: pip.ipAddress,
    });
  }
}

function addPolicies(store: FirewallStore, sub: string, rg: FirewallSeedGroup): void {
  for (const seedPolicy of rg.firewallPolicies) {
    const id = resourceIdOf(sub, rg.name, "Microsoft.Network", "firewallPolicies", seedPolicy.name);
    const policy: PolicyRecord = {
      id,
      name: seedPolicy.name,
      subscriptionId: sub,
      resourceGroup: rg.name,
      location: seedPolicy.location ?? rg.location,
      tags: seedPolicy.tags,
      etag: seedEtag(id),
      provisioningState: "Succeeded",
      groups: new Map(),
    };
    for (const group of seedPolicy.ruleCollectionGroups) {
      validateGroupName(group.name);
      const config = validateRuleCollectionGroup(
        { priority: group.priority, ruleCollections: group.ruleCollections },
        group.name,
        undefined,
      );
      const groupId = `${id}/ruleCollectionGroups/${group.name}`;
      policy.groups.set(group.name.toLowerCase(), {
        id: groupId,
        name: group.name,
        etag: seedEtag(groupId),
        provisioningState: "Succeeded",
        config,
        effective: structuredClone(config),
      });
    }
    store.policies.set(keyOfId(id), policy);
  }
}

function resolve(ref: string, sub: string, rg: string, type: string): string {
  return ref.startsWith("/") ? ref : resourceIdOf(sub, rg, "Microsoft.Network", type, ref);
}

function addFirewalls(store: FirewallStore, sub: string, rg: FirewallSeedGroup): void {
  for (const fw of rg.azureFirewalls) {
    const where = `firewall ${fw.name}`;
    const subnetId = fw.subnet.startsWith("/")
      ? fw.subnet
      : `${resourceIdOf(sub, rg.name, "Microsoft.Network", "virtualNetworks", fw.subnet.split("/")[0] ?? "")}/subnets/${fw.subnet.split("/")[1] ?? ""}`;
    const subnet = store.subnet(subnetId);
    if (!subnet)
      throw new Error(`${where}: subnet '${fw.subnet}' not found (use 'vnet/AzureFirewallSubnet' or a full subnet id)`);
    if (subnet.name !== "AzureFirewallSubnet")
      throw new Error(`${where}: the subnet must be named AzureFirewallSubnet, got '${subnet.name}'`);
    const ipConfigurations = fw.publicIpAddresses.map((ref, i) => {
      const pip = store.publicIps.get(keyOfId(resolve(ref, sub, rg.name, "publicIPAddresses")));
      if (!pip) throw new Error(`${where}: public IP '${ref}' not found`);
      return {
        name: i === 0 ? "azureFirewallIpConfiguration" : `azureFirewallIpConfiguration${i}`,
        subnetId: subnet.id,
        publicIpId: pip.id,
      };
    });
    let firewallPolicyId: string | undefined;
    if (fw.firewallPolicy) {
      firewallPolicyId = store.policies.get(keyOfId(resolve(fw.firewallPolicy, sub, rg.name, "firewallPolicies")))?.id;
      if (!firewallPolicyId) throw new Error(`${where}: firewall policy '${fw.firewallPolicy}' not found`);
      if (fw.natRuleCollections.length + fw.networkRuleCollections.length + fw.applicationRuleCollections.length > 0) {
        throw new Error(`${where}: a firewall with a firewall policy cannot also have classic rule collections`);
      }
    }
    const id = resourceIdOf(sub, rg.name, "Microsoft.Network", "azureFirewalls", fw.name);
    const base: FirewallConfig = {
      tags: fw.tags,
      ipConfigurations,
      natRuleCollections: [],
      networkRuleCollections: validateOpaqueCollections(fw.networkRuleCollections, "networkRuleCollections", fw.name),
      applicationRuleCollections: validateOpaqueCollections(
        fw.applicationRuleCollections,
        "applicationRuleCollections",
        fw.name,
      ),
      ...(firewallPolicyId ? { firewallPolicyId } : {}),
      threatIntelMode: "Alert",
      sku: { name: "AZFW_VNet", tier: "Standard" },
    };
    const record: FirewallRecord = {
      id,
      name: fw.name,
      subscriptionId: sub,
      resourceGroup: rg.name,
      location: fw.location ?? rg.location,
      etag: seedEtag(id),
      provisioningState: "Succeeded",
      config: base,
      effective: base,
    };
    store.firewalls.set(keyOfId(id), record);
    record.config = {
      ...base,
      natRuleCollections: validateClassicNatCollections(fw.natRuleCollections, fw.name, store.addressesOf(record)),
    };
    record.effective = structuredClone(record.config);
  }
}
