import type { EffectiveNetworkSecurityGroup, EffectiveNetworkSecurityRule } from "@azure/arm-network";

import { parseResourceRef } from "../../domain/azure-id/resource-ref.js";
import type { EffectiveNsg, EffectiveRule } from "../../domain/ports/network-access.port.js";
import type { ArmClients } from "./arm-clients.js";
import { translateArmError } from "./translate-arm-error.js";

/** A service tag names no address itself; Azure lists what it stands for on this NIC beside it. */
const isTag = (prefix: string): boolean => prefix !== "*" && !/[.:]/.test(prefix);

function prefixes(single: string | undefined, many: string[] | undefined, expanded: string[] | undefined): string[] {
  const listed = many && many.length > 0 ? many : single !== undefined ? [single] : [];
  const out = listed.filter((p) => !isTag(p)).map((p) => (p === "*" ? "0.0.0.0/0" : p));
  if (listed.some(isTag)) out.push(...(expanded ?? []));
  return out;
}

const ports = (single: string | undefined, many: string[] | undefined): string[] =>
  (many && many.length > 0 ? many : single !== undefined ? [single] : []).map((r) =>
    r === "*" ? "0-65535" : r.includes("-") ? r : `${r}-${r}`,
  );

function toEffectiveRule(rule: EffectiveNetworkSecurityRule): EffectiveRule {
  return {
    name: rule.name ?? "(unnamed rule)",
    priority: rule.priority ?? 0,
    direction: rule.direction === "Outbound" ? "Outbound" : "Inbound",
    access: rule.access === "Allow" ? "Allow" : "Deny",
    protocol: rule.protocol ?? "All",
    sourcePrefixes: prefixes(rule.sourceAddressPrefix, rule.sourceAddressPrefixes, rule.expandedSourceAddressPrefix),
    destinationPrefixes: prefixes(
      rule.destinationAddressPrefix,
      rule.destinationAddressPrefixes,
      rule.expandedDestinationAddressPrefix,
    ),
    sourcePortRanges: ports(rule.sourcePortRange, rule.sourcePortRanges),
    destinationPortRanges: ports(rule.destinationPortRange, rule.destinationPortRanges),
  };
}

function toEffectiveNsg(group: EffectiveNetworkSecurityGroup): EffectiveNsg {
  const association = group.association;
  const appliesTo = association?.subnet
    ? "subnet"
    : association?.networkInterface
      ? "nic"
      : association?.networkManager
        ? "network-manager"
        : "nic";
  return {
    ...(group.networkSecurityGroup?.id ? { nsgId: group.networkSecurityGroup.id } : {}),
    appliesTo,
    rules: (group.effectiveSecurityRules ?? []).map(toEffectiveRule),
  };
}

/**
 * The effective security rules on every NIC of a VM: a long-running POST per NIC
 * (networkInterfaces/effectiveNetworkSecurityGroups). Azure answers only for running VMs; a stopped
 * VM's error passes through translateArmError like any other.
 */
export async function listEffectiveRules(
  clients: (subscriptionId: string) => ArmClients,
  vmId: string,
  pollIntervalMs: number,
  signal?: AbortSignal,
): Promise<EffectiveNsg[]> {
  const ref = parseResourceRef(vmId, "Microsoft.Compute/virtualMachines");
  try {
    const vm = await clients(ref.subscriptionId).compute.get(vmId, signal);
    const nicIds = (vm.properties?.networkProfile?.networkInterfaces ?? []).flatMap((n) => n.id ?? []);
    const perNic = await Promise.all(
      nicIds.map(async (nicId) => {
        const nic = parseResourceRef(nicId, "Microsoft.Network/networkInterfaces");
        const poller = await clients(
          nic.subscriptionId,
        ).network.networkInterfaces.beginListEffectiveNetworkSecurityGroups(nic.resourceGroup, nic.name, {
          abortSignal: signal,
          updateIntervalInMs: pollIntervalMs,
        });
        const result = await poller.pollUntilDone({ abortSignal: signal });
        return (result.value ?? []).map(toEffectiveNsg);
      }),
    );
    return perNic.flat();
  } catch (error) {
    throw translateArmError(error, `reading the effective security rules of VM ${ref.name}`);
  }
}
