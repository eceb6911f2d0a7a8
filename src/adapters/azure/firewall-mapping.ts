import type {
  AzureFirewallNatRule,
  AzureFirewallNatRuleCollection,
  FirewallPolicyNatRuleCollection,
  FirewallPolicyRuleCollectionUnion,
  NatRule,
} from "@azure/arm-network";

import {
  AJAR_FIREWALL_COLLECTION,
  type AjarDnatRule,
  type FirewallDnatRule,
  type OwnedDnat,
} from "../../domain/ports/firewall-access.port.js";

/** Classic NAT rules and policy NAT rules differ only in the name of the protocol list. */
type AnyNatRule = AzureFirewallNatRule | NatRule;

const protocolsOf = (rule: AnyNatRule): string[] =>
  ("ipProtocols" in rule ? rule.ipProtocols : "protocols" in rule ? rule.protocols : undefined) ?? [];

export function toDnatRule(rule: AnyNatRule, collection: string, group?: string): FirewallDnatRule {
  return {
    collection,
    ...(group === undefined ? {} : { group }),
    name: rule.name ?? "",
    ...(rule.description ? { description: rule.description } : {}),
    sourceAddresses: rule.sourceAddresses ?? [],
    sourceIpGroups: rule.sourceIpGroups ?? [],
    destinationAddresses: rule.destinationAddresses ?? [],
    destinationPorts: rule.destinationPorts ?? [],
    protocols: protocolsOf(rule).map((p) => p.toUpperCase()),
    ...(rule.translatedAddress ? { translatedAddress: rule.translatedAddress } : {}),
    ...(rule.translatedFqdn ? { translatedFqdn: rule.translatedFqdn } : {}),
    ...(rule.translatedPort ? { translatedPort: rule.translatedPort } : {}),
  };
}

const PORT = /^\d{1,5}$/;

/** One of ajar's own rules, or `undefined` when someone edited it into a shape ajar does not write. */
export function toAjarRule(rule: FirewallDnatRule): AjarDnatRule | undefined {
  const [destinationAddress] = rule.destinationAddresses;
  const [destinationPort] = rule.destinationPorts;
  const protocols = rule.protocols.filter((p): p is "TCP" | "UDP" => p === "TCP" || p === "UDP");
  if (
    rule.destinationAddresses.length !== 1 ||
    rule.destinationPorts.length !== 1 ||
    !destinationAddress ||
    !destinationPort ||
    !PORT.test(destinationPort)
  )
    return undefined;
  if (
    !rule.translatedAddress ||
    !rule.translatedPort ||
    !PORT.test(rule.translatedPort) ||
    protocols.length !== rule.protocols.length ||
    protocols.length === 0
  )
    return undefined;
  return {
    name: rule.name,
    description: rule.description ?? "",
    sourceAddresses: rule.sourceAddresses,
    destinationAddress,
    destinationPort: Number(destinationPort),
    translatedAddress: rule.translatedAddress,
    translatedPort: Number(rule.translatedPort),
    protocols,
  };
}

const ruleFields = (rule: AjarDnatRule) => ({
  name: rule.name,
  description: rule.description,
  sourceAddresses: rule.sourceAddresses,
  destinationAddresses: [rule.destinationAddress],
  destinationPorts: [String(rule.destinationPort)],
  translatedAddress: rule.translatedAddress,
  translatedPort: String(rule.translatedPort),
});

export const toClassicCollection = (owned: OwnedDnat): AzureFirewallNatRuleCollection => ({
  name: AJAR_FIREWALL_COLLECTION,
  priority: owned.priority,
  action: { type: "Dnat" },
  rules: owned.rules.map((r) => ({ ...ruleFields(r), protocols: r.protocols })),
});

/** ajar's group holds one DNAT collection; the group's priority is the one that orders it among groups. */
export const toPolicyCollections = (owned: OwnedDnat | undefined): FirewallPolicyRuleCollectionUnion[] =>
  owned === undefined || owned.rules.length === 0
    ? []
    : [
        {
          ruleCollectionType: "FirewallPolicyNatRuleCollection",
          name: AJAR_FIREWALL_COLLECTION,
          priority: 100,
          action: { type: "DNAT" },
          rules: owned.rules.map((r) => ({ ruleType: "NatRule", ...ruleFields(r), ipProtocols: r.protocols })),
        },
      ];

export const isNatCollection = (c: FirewallPolicyRuleCollectionUnion): c is FirewallPolicyNatRuleCollection =>
  c.ruleCollectionType === "FirewallPolicyNatRuleCollection";

export const natRulesOf = (c: FirewallPolicyNatRuleCollection): NatRule[] =>
  (c.rules ?? []).filter((r): r is NatRule => r.ruleType === "NatRule");

/** Parses ajar's rules out of its collection; rules it cannot read are dropped, so the next write replaces them. */
export const ownedRules = (rules: FirewallDnatRule[]): AjarDnatRule[] =>
  rules.map(toAjarRule).filter((r): r is AjarDnatRule => r !== undefined);
