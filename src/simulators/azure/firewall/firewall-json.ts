import type {
  FirewallRecord,
  NatRuleRecord,
  PolicyRecord,
  PolicyRuleCollection,
  PublicIpRecord,
  RuleCollectionGroupConfig,
  RuleCollectionGroupRecord,
} from "./firewall-model.js";
import type { FirewallStore } from "./firewall-store.js";

/** Shapes follow azureFirewall.json, firewallPolicy.json and publicIpAddress.json (2024-05-01) and their examples. */

const natRuleBody = (rule: NatRuleRecord, protocolKey: "protocols" | "ipProtocols") => ({
  name: rule.name,
  ...(rule.description === undefined ? {} : { description: rule.description }),
  sourceAddresses: rule.sourceAddresses,
  sourceIpGroups: rule.sourceIpGroups,
  destinationAddresses: rule.destinationAddresses,
  destinationPorts: rule.destinationPorts,
  [protocolKey]: rule.protocols,
  ...(rule.translatedAddress === undefined ? {} : { translatedAddress: rule.translatedAddress }),
  ...(rule.translatedFqdn === undefined ? {} : { translatedFqdn: rule.translatedFqdn }),
  ...(rule.translatedPort === undefined ? {} : { translatedPort: rule.translatedPort }),
});

export const ruleCollectionJson = (c: PolicyRuleCollection) =>
  c.ruleCollectionType === "FirewallPolicyFilterRuleCollection"
    ? structuredClone(c.raw)
    : {
        ruleCollectionType: c.ruleCollectionType,
        name: c.name,
        priority: c.priority,
        action: c.action,
        rules: c.rules.map((r) => ({ ruleType: "NatRule", ...natRuleBody(r, "ipProtocols") })),
      };

/** A group's `properties` as a PUT would send them (used to re-validate seeds). */
export const groupPropertiesJson = (config: RuleCollectionGroupConfig) => ({
  priority: config.priority,
  ruleCollections: config.ruleCollections.map(ruleCollectionJson),
});

export function firewallJson(store: FirewallStore, fw: FirewallRecord) {
  const c = fw.config;
  const privateIp = store.privateIpOf(fw);
  return {
    name: fw.name,
    id: fw.id,
    type: "Microsoft.Network/azureFirewalls",
    etag: fw.etag,
    location: fw.location,
    zones: [],
    tags: c.tags,
    properties: {
      provisioningState: fw.provisioningState,
      sku: c.sku,
      threatIntelMode: c.threatIntelMode,
      ipConfigurations: c.ipConfigurations.map((ip, i) => ({
        name: ip.name,
        id: `${fw.id}/azureFirewallIpConfigurations/${ip.name}`,
        etag: fw.etag,
        type: "Microsoft.Network/azureFirewalls/azureFirewallIpConfigurations",
        properties: {
          provisioningState: fw.provisioningState,
          ...(i === 0 && privateIp ? { privateIPAddress: privateIp } : {}),
          subnet: { id: ip.subnetId },
          publicIPAddress: { id: ip.publicIpId },
        },
      })),
      applicationRuleCollections: structuredClone(c.applicationRuleCollections),
      natRuleCollections: c.natRuleCollections.map((col) => ({
        name: col.name,
        id: `${fw.id}/natRuleCollections/${col.name}`,
        etag: fw.etag,
        properties: {
          provisioningState: fw.provisioningState,
          priority: col.priority,
          action: { type: col.action },
          rules: col.rules.map((r) => natRuleBody(r, "protocols")),
        },
      })),
      networkRuleCollections: structuredClone(c.networkRuleCollections),
      ...(c.firewallPolicyId ? { firewallPolicy: { id: c.firewallPolicyId } } : {}),
      ipGroups: [],
      additionalProperties: {},
    },
  };
}

export const ruleCollectionGroupJson = (group: RuleCollectionGroupRecord) => ({
  name: group.name,
  id: group.id,
  etag: group.etag,
  type: "Microsoft.Network/FirewallPolicies/ruleCollectionGroups",
  properties: {
    provisioningState: group.provisioningState,
    ...(group.config ? groupPropertiesJson(group.config) : { ruleCollections: [] }),
  },
});

export const firewallPolicyJson = (store: FirewallStore, policy: PolicyRecord) => ({
  name: policy.name,
  id: policy.id,
  type: "Microsoft.Network/firewallPolicies",
  etag: policy.etag,
  location: policy.location,
  tags: policy.tags,
  properties: {
    provisioningState: policy.provisioningState,
    sku: { tier: "Standard" },
    threatIntelMode: "Alert",
    ruleCollectionGroups: [...policy.groups.values()].filter((g) => g.config !== undefined).map((g) => ({ id: g.id })),
    firewalls: store.firewallsUsing(policy.id).map((f) => ({ id: f.id })),
    childPolicies: [],
  },
});

export function publicIpJson(store: FirewallStore, pip: PublicIpRecord) {
  const user = [...store.firewalls.values()].flatMap((f) =>
    f.config.ipConfigurations
      .filter((c) => c.publicIpId.toLowerCase() === pip.id.toLowerCase())
      .map((c) => `${f.id}/azureFirewallIpConfigurations/${c.name}`),
  )[0];
  return {
    name: pip.name,
    id: pip.id,
    type: "Microsoft.Network/publicIPAddresses",
    location: pip.location,
    sku: { name: "Standard", tier: "Regional" },
    properties: {
      provisioningState: "Succeeded",
      ipAddress: pip.ipAddress,
      publicIPAddressVersion: pip.ipAddress.includes(":") ? "IPv6" : "IPv4",
      publicIPAllocationMethod: "Static",
      idleTimeoutInMinutes: 4,
      ...(user ? { ipConfiguration: { id: user } } : {}),
    },
  };
}
