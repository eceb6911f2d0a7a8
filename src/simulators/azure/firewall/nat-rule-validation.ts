import { isIP, isIPv4 } from "node:net";

import { badRequest } from "../http/arm-error.js";
import type { NatRuleRecord } from "./firewall-model.js";

/**
 * DNAT rule checks shared by classic NAT rule collections and Firewall Policy NAT rule collections.
 * Field names and value forms follow azureFirewall.json / firewallPolicy.json (AzureFirewallNatRule,
 * NatRule). ARM publishes no error codes for these checks; the codes below are this simulator's own,
 * each message says what is wrong and with which value.
 */

export type Raw = Record<string, unknown>;

export const asRecord = (value: unknown): Raw | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Raw) : undefined;

export function strings(raw: Raw, key: string, where: string): string[] {
  const value = raw[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string"))
    throw badRequest("InvalidRequestFormat", `${where}: '${key}' must be an array of strings.`);
  return value as string[];
}

export function optionalText(raw: Raw, key: string, where: string): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw badRequest("InvalidRequestFormat", `${where}: '${key}' must be a string.`);
  return value;
}

export function priorityOf(raw: Raw, where: string): number {
  const value = raw["priority"];
  if (typeof value !== "number" || !Number.isInteger(value) || value < 100 || value > 65000) {
    throw badRequest(
      "InvalidPriority",
      `${where}: priority ${String(value)} is invalid; it must be an integer between 100 and 65000.`,
    );
  }
  return value;
}

const isCidr = (value: string): boolean => {
  const [address, bits, ...rest] = value.split("/");
  if (rest.length > 0 || address === undefined || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
  const max = isIP(address) === 4 ? 32 : isIP(address) === 6 ? 128 : -1;
  return max > 0 && Number(bits) <= max;
};

const isRange = (value: string): boolean => {
  const [low, high, ...rest] = value.split("-");
  return rest.length === 0 && low !== undefined && high !== undefined && isIPv4(low) && isIPv4(high);
};

/** Sources: `*`, an address, a CIDR block or an IPv4 range `a-b`. */
export const isValidSource = (value: string): boolean =>
  value === "*" || isIP(value) !== 0 || isCidr(value) || isRange(value);

function singlePort(value: string, what: string, where: string): string {
  if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 65535) {
    throw badRequest(
      "InvalidNatRulePort",
      `${where}: ${what} '${value}' is invalid; a DNAT rule takes one port between 1 and 65535.`,
    );
  }
  return value;
}

const NAT_PROTOCOLS = ["TCP", "UDP"];

/**
 * Validates one DNAT rule. `protocolKey` is `protocols` (classic) or `ipProtocols` (policy).
 * `destinations` are the addresses a DNAT rule may target (the firewall's public and private IPs);
 * `undefined` when not known (a policy with no firewall attached).
 */
export function validateNatRule(
  input: unknown,
  protocolKey: "protocols" | "ipProtocols",
  where: string,
  destinations: string[] | undefined,
): NatRuleRecord {
  const raw = asRecord(input);
  if (!raw) throw badRequest("InvalidRequestFormat", `${where}: a rule must be an object.`);
  const name = optionalText(raw, "name", where);
  if (!name) throw badRequest("NatRuleNameMissing", `${where}: every NAT rule needs a name.`);
  const at = `${where}, rule '${name}'`;
  const protocols = strings(raw, protocolKey, at);
  if (protocols.length === 0)
    throw badRequest("NatRuleProtocolsMissing", `${at}: '${protocolKey}' must list TCP and/or UDP.`);
  for (const p of protocols) {
    if (!NAT_PROTOCOLS.includes(p.toUpperCase()))
      throw badRequest(
        "InvalidNatRuleProtocol",
        `${at}: protocol '${p}' is not allowed in a DNAT rule; use TCP or UDP.`,
      );
  }
  const sourceAddresses = strings(raw, "sourceAddresses", at);
  const sourceIpGroups = strings(raw, "sourceIpGroups", at);
  if (sourceAddresses.length === 0 && sourceIpGroups.length === 0)
    throw badRequest("NatRuleSourceMissing", `${at}: give sourceAddresses or sourceIpGroups.`);
  for (const s of sourceAddresses)
    if (!isValidSource(s))
      throw badRequest(
        "InvalidNatRuleSourceAddress",
        `${at}: source address '${s}' is not '*', an IP address, a CIDR block or an IPv4 range.`,
      );
  const destinationAddresses = strings(raw, "destinationAddresses", at);
  if (destinationAddresses.length !== 1)
    throw badRequest(
      "InvalidNatRuleDestination",
      `${at}: a DNAT rule takes exactly one destination address (a firewall IP), got ${destinationAddresses.length}.`,
    );
  const destination = destinationAddresses[0] as string;
  if (isIP(destination) === 0)
    throw badRequest(
      "InvalidNatRuleDestination",
      `${at}: destination '${destination}' must be an IP address of the firewall.`,
    );
  if (destinations && !destinations.includes(destination)) {
    throw badRequest(
      "InvalidNatRuleDestination",
      `${at}: destination '${destination}' is not an address of this firewall (${destinations.join(", ")}).`,
    );
  }
  const destinationPorts = strings(raw, "destinationPorts", at);
  if (destinationPorts.length !== 1)
    throw badRequest(
      "InvalidNatRulePort",
      `${at}: a DNAT rule takes exactly one destination port, got ${destinationPorts.length}.`,
    );
  singlePort(destinationPorts[0] as string, "destination port", at);
  const translatedAddress = optionalText(raw, "translatedAddress", at);
  const translatedFqdn = optionalText(raw, "translatedFqdn", at);
  if ((translatedAddress === undefined) === (translatedFqdn === undefined))
    throw badRequest("InvalidNatRuleTranslation", `${at}: give exactly one of translatedAddress and translatedFqdn.`);
  if (translatedAddress !== undefined && isIP(translatedAddress) === 0)
    throw badRequest(
      "InvalidNatRuleTranslation",
      `${at}: translated address '${translatedAddress}' is not an IP address.`,
    );
  const translatedPort = optionalText(raw, "translatedPort", at);
  if (translatedPort === undefined) throw badRequest("InvalidNatRuleTranslation", `${at}: translatedPort is required.`);
  singlePort(translatedPort, "translated port", at);
  const description = optionalText(raw, "description", at);
  return {
    name,
    ...(description === undefined ? {} : { description }),
    sourceAddresses,
    sourceIpGroups,
    destinationAddresses,
    destinationPorts,
    protocols: protocols.map((p) => p.toUpperCase()),
    ...(translatedAddress === undefined ? {} : { translatedAddress }),
    ...(translatedFqdn === undefined ? {} : { translatedFqdn }),
    translatedPort,
  };
}

/** Names and priorities must be unique among siblings; ARM compares names case-insensitively. */
export function checkUnique(
  items: { name: string; priority?: number }[],
  what: string,
  where: string,
  byPriority: boolean,
): void {
  const names = new Set<string>();
  const priorities = new Map<number, string>();
  for (const item of items) {
    const key = item.name.toLowerCase();
    if (names.has(key)) throw badRequest("DuplicateName", `${where}: two ${what}s are named '${item.name}'.`);
    names.add(key);
    if (!byPriority || item.priority === undefined) continue;
    const other = priorities.get(item.priority);
    if (other !== undefined)
      throw badRequest(
        "DuplicatePriority",
        `${where}: ${what}s '${other}' and '${item.name}' both have priority ${item.priority}.`,
      );
    priorities.set(item.priority, item.name);
  }
}
