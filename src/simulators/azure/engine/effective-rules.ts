import { isIPv4 } from "node:net";

import { defaultSecurityRulesJson } from "../json/network-json.js";
import type { NicRecord, NsgRecord, RuleProperties, VnetRecord } from "../state/model.js";
import type { SimEngine } from "./sim-engine.js";

/**
 * The answer of POST …/networkInterfaces/{nic}/effectiveNetworkSecurityGroups, shaped as
 * networkInterface.json's EffectiveNetworkSecurityGroupListResult and its example
 * (NetworkInterfaceEffectiveNSGList.json): one entry per NSG on the NIC's path with its association,
 * and every rule (custom, then default) with names `securityRules/x` / `defaultSecurityRules/x`,
 * protocol `Tcp|Udp|All`, port ranges always `low-high`, prefixes as CIDR (`*` is `0.0.0.0/0`) and
 * service tags kept by name with their `expanded…AddressPrefix` lists.
 */
export function effectiveNetworkSecurityGroups(engine: SimEngine, nic: NicRecord): { value: unknown[] } {
  const value: unknown[] = [];
  if (nic.nsgId)
    value.push(entry(engine.nsgById(nic.nsgId), { networkInterface: { id: nic.id } }, vnetsOf(engine, nic)));
  const seen = new Set<string>();
  for (const ip of nic.ipConfigurations) {
    const subnet = findSubnet(engine, ip.subnetId);
    if (!subnet?.subnet.nsgId || seen.has(subnet.subnet.nsgId.toLowerCase())) continue;
    seen.add(subnet.subnet.nsgId.toLowerCase());
    value.push(entry(engine.nsgById(subnet.subnet.nsgId), { subnet: { id: subnet.subnet.id } }, [subnet.vnet]));
  }
  return { value };
}

function findSubnet(engine: SimEngine, subnetId: string) {
  for (const rg of engine.allResourceGroups()) {
    for (const vnet of rg.vnets.values()) {
      for (const subnet of vnet.subnets.values())
        if (subnet.id.toLowerCase() === subnetId.toLowerCase()) return { vnet, subnet };
    }
  }
  return undefined;
}

const vnetsOf = (engine: SimEngine, nic: NicRecord): VnetRecord[] =>
  nic.ipConfigurations.flatMap((ip) => findSubnet(engine, ip.subnetId)?.vnet ?? []);

function entry(nsg: NsgRecord, association: Record<string, { id: string }>, vnets: VnetRecord[]) {
  const custom = [...nsg.rules.values()]
    .filter((r) => r.provisioningState !== "Deleting")
    .map((r) => ({ name: `securityRules/${r.name}`, props: r.properties }));
  const defaults = defaultSecurityRulesJson(nsg).map((r) => ({
    name: `defaultSecurityRules/${r.name}`,
    props: r.properties as unknown as RuleProperties,
  }));
  const addressSpace = vnets.flatMap((v) => v.addressSpace);
  return {
    networkSecurityGroup: { id: nsg.id },
    association,
    effectiveSecurityRules: [...custom, ...defaults].map(({ name, props }) => effectiveRule(name, props, addressSpace)),
  };
}

const PROTOCOLS: Record<string, string> = { "*": "All", tcp: "Tcp", udp: "Udp" };

function effectiveRule(name: string, props: RuleProperties, addressSpace: string[]) {
  const sources = plural(props.sourceAddressPrefix, props.sourceAddressPrefixes);
  const destinations = plural(props.destinationAddressPrefix, props.destinationAddressPrefixes);
  const sourcePorts = plural(props.sourcePortRange, props.sourcePortRanges).map(portRange);
  const destinationPorts = plural(props.destinationPortRange, props.destinationPortRanges).map(portRange);
  return {
    name,
    protocol: PROTOCOLS[props.protocol.toLowerCase()] ?? props.protocol,
    ...one("sourcePortRange", "sourcePortRanges", sourcePorts),
    ...one("destinationPortRange", "destinationPortRanges", destinationPorts),
    ...one("sourceAddressPrefix", "sourceAddressPrefixes", sources.map(cidr)),
    ...one("destinationAddressPrefix", "destinationAddressPrefixes", destinations.map(cidr)),
    ...expanded("expandedSourceAddressPrefix", sources, addressSpace),
    ...expanded("expandedDestinationAddressPrefix", destinations, addressSpace),
    access: props.access,
    priority: props.priority,
    direction: props.direction,
  };
}

const plural = (single: string | undefined, many: string[]): string[] =>
  many.length > 0 ? many : single !== undefined ? [single] : [];
const one = (singular: string, pluralKey: string, values: string[]) =>
  values.length === 1 ? { [singular]: values[0] } : { [pluralKey]: values };
const portRange = (range: string): string =>
  range === "*" ? "0-65535" : range.includes("-") ? range : `${range}-${range}`;

function cidr(prefix: string): string {
  if (prefix === "*") return "0.0.0.0/0";
  if (prefix.includes("/") || !/[.:]/.test(prefix)) return prefix;
  return `${prefix}/${isIPv4(prefix) ? 32 : 128}`;
}

/** Service tags are listed by name, with what they stand for on this NIC. */
function expanded(key: string, prefixes: string[], addressSpace: string[]) {
  const tags = prefixes.filter((p) => p !== "*" && !/[.:]/.test(p));
  if (tags.length === 0) return {};
  return { [key]: tags.flatMap((tag) => expandTag(tag, addressSpace)) };
}

function expandTag(tag: string, addressSpace: string[]): string[] {
  switch (tag.toLowerCase()) {
    case "virtualnetwork":
      return addressSpace;
    case "azureloadbalancer":
      return ["168.63.129.16/32"];
    case "internet":
      return PUBLIC_IPV4;
    default:
      return [];
  }
}

/** Non-public IPv4 space; "Internet" is everything else. */
const NOT_INTERNET: [number, number][] = [
  [0x0a000000, 8],
  [0xac100000, 12],
  [0xc0a80000, 16],
  [0x64400000, 10],
  [0x7f000000, 8],
  [0xa9fe0000, 16],
  [0x00000000, 8],
];

function complement(network: number, length: number): string[] {
  const mask = (len: number) => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);
  const inside = NOT_INTERNET.some(([n, l]) => l <= length && (network & mask(l)) >>> 0 === n);
  if (inside) return [];
  const overlaps = NOT_INTERNET.some(([n, l]) => l > length && (n & mask(length)) >>> 0 === network);
  if (!overlaps) return [`${[24, 16, 8, 0].map((s) => (network >>> s) & 0xff).join(".")}/${length}`];
  const half = (2 ** (31 - length)) >>> 0;
  return [...complement(network, length + 1), ...complement((network + half) >>> 0, length + 1)];
}

const PUBLIC_IPV4 = complement(0, 0);
