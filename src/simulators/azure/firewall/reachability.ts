import type { SimEngine } from "../engine/sim-engine.js";
import { defaultSecurityRulesJson } from "../json/network-json.js";
import type { NicRecord, NsgRecord, RuleProperties } from "../state/model.js";
import { addressIn, instanceAddresses, portIn } from "./address-match.js";
import { keyOfId, type FirewallRecord, type NatRuleRecord } from "./firewall-model.js";
import type { FirewallStore } from "./firewall-store.js";

/**
 * Data-plane answers for tests: can a packet from `source` reach a VM port? Only what is enforced
 * counts: a firewall's last successful configuration, NSG rules whose operation has succeeded.
 *
 * Through a firewall, a DNAT'd connection reaches the VM with its source translated to one of the
 * firewall's instance addresses in AzureFirewallSubnet (Microsoft, "Azure Firewall NAT Behaviors").
 * Which instance handles a flow is not up to the client, so the path counts as open only when the
 * VM's NSGs let every sampled instance address through.
 */

export interface NsgVerdict {
  nsgId: string;
  source: string;
  access: "Allow" | "Deny";
  rule: string;
}

export interface Reachability {
  reachable: boolean;
  reason: string;
  dnat?: { firewallId: string; rule: string; translatedAddress: string; translatedPort: number };
  nsgVerdicts: NsgVerdict[];
}

type Flow = { source: string; address: string; port: number; protocol: "TCP" | "UDP" };

const EPHEMERAL_SOURCE_PORT = 50123;

function vnetSpace(engine: SimEngine): string[] {
  return [...engine.state.subscriptions.values()].flatMap((s) =>
    [...s.resourceGroups.values()].flatMap((rg) => [...rg.vnets.values()].flatMap((v) => v.addressSpace)),
  );
}

function prefixMatches(engine: SimEngine, ip: string, prefix: string): boolean {
  const lower = prefix.toLowerCase();
  if (prefix === "*") return true;
  if (lower === "virtualnetwork") return vnetSpace(engine).some((p) => addressIn(ip, p));
  if (lower === "internet") return !vnetSpace(engine).some((p) => addressIn(ip, p));
  if (lower === "azureloadbalancer") return ip === "168.63.129.16";
  return addressIn(ip, prefix);
}

const either = (one: string | undefined, many: string[]): string[] => (one !== undefined ? [one] : many);

function ruleMatches(engine: SimEngine, props: RuleProperties, flow: Flow): boolean {
  if (props.direction !== "Inbound") return false;
  if (props.protocol !== "*" && props.protocol.toUpperCase() !== flow.protocol) return false;
  return (
    either(props.sourceAddressPrefix, props.sourceAddressPrefixes).some((p) => prefixMatches(engine, flow.source, p)) &&
    either(props.sourcePortRange, props.sourcePortRanges).some((p) => portIn(EPHEMERAL_SOURCE_PORT, p)) &&
    either(props.destinationAddressPrefix, props.destinationAddressPrefixes).some((p) =>
      prefixMatches(engine, flow.address, p),
    ) &&
    either(props.destinationPortRange, props.destinationPortRanges).some((p) => portIn(flow.port, p))
  );
}

/** First matching inbound rule by priority, custom rules (those in force) and the defaults together. */
function evaluateNsg(engine: SimEngine, nsg: NsgRecord, flow: Flow): NsgVerdict {
  const custom = [...nsg.rules.values()]
    .filter((r) => r.provisioningState === "Succeeded" || r.provisioningState === "Deleting")
    .map((r) => ({ name: r.name, props: r.properties }));
  const defaults = defaultSecurityRulesJson(nsg).map((r) => ({
    name: r.name,
    props: r.properties as unknown as RuleProperties,
  }));
  const ordered = [...custom, ...defaults].sort((a, b) => a.props.priority - b.props.priority);
  const hit = ordered.find((r) => ruleMatches(engine, r.props, flow));
  return { nsgId: nsg.id, source: flow.source, access: hit?.props.access ?? "Deny", rule: hit?.name ?? "(none)" };
}

function nicWith(engine: SimEngine, address: string): { nic: NicRecord; subnetId: string } | undefined {
  for (const sub of engine.state.subscriptions.values()) {
    for (const rg of sub.resourceGroups.values()) {
      for (const nic of rg.nics.values()) {
        const ip = nic.ipConfigurations.find((c) => c.privateIpAddress === address);
        if (ip) return { nic, subnetId: ip.subnetId };
      }
    }
  }
  return undefined;
}

/** Subnet NSG first, then NIC NSG: inbound traffic must pass both. */
export function nsgPath(
  engine: SimEngine,
  store: FirewallStore,
  flow: Flow,
): { found: boolean; verdicts: NsgVerdict[] } {
  const target = nicWith(engine, flow.address);
  if (!target) return { found: false, verdicts: [] };
  const ids = [store.subnet(target.subnetId)?.nsgId, target.nic.nsgId].filter((id): id is string => id !== undefined);
  const verdicts: NsgVerdict[] = [];
  for (const id of ids) {
    const verdict = evaluateNsg(engine, engine.nsgById(id), flow);
    verdicts.push(verdict);
    if (verdict.access === "Deny") break;
  }
  return { found: true, verdicts };
}

function dnatRulesOf(store: FirewallStore, fw: FirewallRecord): NatRuleRecord[] {
  if (!fw.effective.firewallPolicyId)
    return [...fw.effective.natRuleCollections].sort((a, b) => a.priority - b.priority).flatMap((c) => c.rules);
  const policy = store.policies.get(keyOfId(fw.effective.firewallPolicyId));
  const groups = [...(policy?.groups.values() ?? [])]
    .flatMap((g) => (g.effective ? [g.effective] : []))
    .sort((a, b) => a.priority - b.priority);
  return groups.flatMap((g) =>
    [...g.ruleCollections]
      .sort((a, b) => a.priority - b.priority)
      .flatMap((c) => (c.ruleCollectionType === "FirewallPolicyNatRuleCollection" ? c.rules : [])),
  );
}

const sourceMatches = (rule: NatRuleRecord, source: string): boolean =>
  rule.sourceAddresses.some((s) => s === "*" || addressIn(source, s));

/** A connection from `source` to a firewall address and port, DNAT'd and then filtered by the VM's NSGs. */
export function reachThroughFirewall(
  engine: SimEngine,
  store: FirewallStore,
  source: string,
  firewallAddress: string,
  port: number,
  protocol: "TCP" | "UDP" = "TCP",
): Reachability {
  const fw = [...store.firewalls.values()].find((f) => store.addressesOf(f, "effective").includes(firewallAddress));
  if (!fw) return { reachable: false, reason: `no firewall answers on ${firewallAddress}`, nsgVerdicts: [] };
  const rule = dnatRulesOf(store, fw).find(
    (r) =>
      r.protocols.includes(protocol) &&
      r.destinationAddresses.includes(firewallAddress) &&
      r.destinationPorts.some((p) => portIn(port, p)) &&
      sourceMatches(r, source),
  );
  if (!rule)
    return {
      reachable: false,
      reason: `firewall ${fw.name} has no DNAT rule for ${source} to ${firewallAddress}:${port}/${protocol}`,
      nsgVerdicts: [],
    };
  if (!rule.translatedAddress)
    return {
      reachable: false,
      reason: `DNAT rule ${rule.name} translates to an FQDN, which the simulator does not resolve`,
      nsgVerdicts: [],
    };
  const dnat = {
    firewallId: fw.id,
    rule: rule.name,
    translatedAddress: rule.translatedAddress,
    translatedPort: Number(rule.translatedPort),
  };
  const subnet = store.subnet(fw.effective.ipConfigurations[0]?.subnetId ?? "");
  const instances = subnet ? instanceAddresses(subnet.addressPrefix) : [];
  const nsgVerdicts: NsgVerdict[] = [];
  for (const instance of instances) {
    const path = nsgPath(engine, store, {
      source: instance,
      address: dnat.translatedAddress,
      port: dnat.translatedPort,
      protocol,
    });
    if (!path.found)
      return { reachable: false, reason: `no VM has the address ${dnat.translatedAddress}`, dnat, nsgVerdicts };
    nsgVerdicts.push(...path.verdicts);
  }
  const denied = nsgVerdicts.find((v) => v.access === "Deny");
  if (denied)
    return {
      reachable: false,
      reason: `NSG ${denied.nsgId.split("/").pop()} denies ${denied.source} (the firewall, after DNAT) by rule ${denied.rule}`,
      dnat,
      nsgVerdicts,
    };
  return { reachable: true, reason: `DNAT rule ${rule.name} and every NSG on the path allow it`, dnat, nsgVerdicts };
}

/** A connection straight to a VM's private address (no firewall): the NSGs alone decide. */
export function reachDirect(
  engine: SimEngine,
  store: FirewallStore,
  source: string,
  address: string,
  port: number,
  protocol: "TCP" | "UDP" = "TCP",
): Reachability {
  const path = nsgPath(engine, store, { source, address, port, protocol });
  if (!path.found) return { reachable: false, reason: `no VM has the address ${address}`, nsgVerdicts: [] };
  const denied = path.verdicts.find((v) => v.access === "Deny");
  if (denied)
    return {
      reachable: false,
      reason: `NSG ${denied.nsgId.split("/").pop()} denies ${source} by rule ${denied.rule}`,
      nsgVerdicts: path.verdicts,
    };
  return { reachable: true, reason: "every NSG on the path allows it", nsgVerdicts: path.verdicts };
}
