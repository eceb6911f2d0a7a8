/**
 * Azure Firewall, Firewall Policy and public IP records. Each configurable record keeps two copies:
 * `config` is what ARM returns (the control plane, updated when a PUT is accepted) and `effective` is
 * what the firewall enforces (the data plane, updated only when the operation succeeds), because a
 * firewall keeps forwarding with its old rules for the minutes an update takes.
 */

export type FirewallProvisioningState = "Succeeded" | "Updating" | "Failed";

/** A DNAT rule in one shape for both models (classic `protocols`, policy `ipProtocols`). */
export interface NatRuleRecord {
  name: string;
  description?: string;
  sourceAddresses: string[];
  sourceIpGroups: string[];
  destinationAddresses: string[];
  destinationPorts: string[];
  protocols: string[];
  translatedAddress?: string;
  translatedFqdn?: string;
  translatedPort?: string;
}

export interface ClassicNatCollection {
  name: string;
  priority: number;
  action: "Dnat";
  rules: NatRuleRecord[];
}

/** Everything of a classic firewall that a PUT replaces. Other collections are carried as ARM sent them. */
export interface FirewallConfig {
  tags: Record<string, string>;
  ipConfigurations: { name: string; subnetId: string; publicIpId: string }[];
  natRuleCollections: ClassicNatCollection[];
  networkRuleCollections: unknown[];
  applicationRuleCollections: unknown[];
  firewallPolicyId?: string;
  threatIntelMode: string;
  sku: { name: string; tier: string };
}

export interface FirewallRecord {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  etag: string;
  provisioningState: FirewallProvisioningState;
  config: FirewallConfig;
  effective: FirewallConfig;
}

export interface PolicyNatCollection {
  ruleCollectionType: "FirewallPolicyNatRuleCollection";
  name: string;
  priority: number;
  action: { type: "DNAT" };
  rules: NatRuleRecord[];
}

/** Filter collections are carried as ARM sent them; only NAT collections are interpreted. */
export interface PolicyFilterCollection {
  ruleCollectionType: "FirewallPolicyFilterRuleCollection";
  name: string;
  priority: number;
  raw: Record<string, unknown>;
}

export type PolicyRuleCollection = PolicyNatCollection | PolicyFilterCollection;

export interface RuleCollectionGroupConfig {
  priority: number;
  ruleCollections: PolicyRuleCollection[];
}

export interface RuleCollectionGroupRecord {
  id: string;
  name: string;
  etag: string;
  provisioningState: FirewallProvisioningState;
  /** `undefined` while a create is in flight (nothing enforced yet) or after a delete. */
  config: RuleCollectionGroupConfig | undefined;
  effective: RuleCollectionGroupConfig | undefined;
}

export interface PolicyRecord {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  tags: Record<string, string>;
  etag: string;
  provisioningState: FirewallProvisioningState;
  groups: Map<string, RuleCollectionGroupRecord>;
}

export interface PublicIpRecord {
  id: string;
  name: string;
  location: string;
  ipAddress: string;
}

export const keyOfId = (id: string): string => id.toLowerCase();
