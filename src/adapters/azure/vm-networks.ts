import type { NetworkInterface } from "@azure/arm-network";

import { resourceName } from "../../domain/azure-id/resource-id.js";
import type { VmNetwork, VmSummary } from "../../domain/ports/network-access.port.js";
import type { ArmClients } from "./arm-clients.js";
import { translateArmError } from "./translate-arm-error.js";
import type { ComputeVm } from "./vm-reader.js";

const key = (id: string | undefined): string => (id ?? "").toLowerCase();

/** Case-insensitive de-duplication that keeps the first spelling ARM gave. */
export function uniqueIds(ids: (string | undefined)[]): string[] {
  const seen = new Map<string, string>();
  for (const id of ids) if (id && !seen.has(id.toLowerCase())) seen.set(id.toLowerCase(), id);
  return [...seen.values()];
}

/**
 * Every VM of a subscription with its private addresses and the NSGs on its path, from three paged
 * listings (VMs, NICs, virtual networks with their subnets). NICs and subnets of a VM always live
 * in the VM's subscription. Inbound traffic crosses the subnet NSG first, then the NIC NSG.
 */
export async function listVmNetworks(
  clients: ArmClients,
  subscriptionId: string,
  toSummary: (vm: ComputeVm) => VmSummary,
  signal?: AbortSignal,
): Promise<{ vms: VmNetwork[]; unresolved: { vm: VmSummary; reason: string }[] }> {
  let vms: ComputeVm[];
  const nics = new Map<string, NetworkInterface>();
  const subnetNsg = new Map<string, string | undefined>();
  try {
    vms = await clients.compute.list(subscriptionId, signal);
    for await (const nic of clients.network.networkInterfaces.listAll({ abortSignal: signal }))
      nics.set(key(nic.id), nic);
    for await (const vnet of clients.network.virtualNetworks.listAll({ abortSignal: signal })) {
      for (const subnet of vnet.subnets ?? []) subnetNsg.set(key(subnet.id), subnet.networkSecurityGroup?.id);
    }
  } catch (error) {
    throw translateArmError(error, `listing the VMs and networks of subscription ${subscriptionId}`);
  }
  const out: VmNetwork[] = [];
  const unresolved: { vm: VmSummary; reason: string }[] = [];
  for (const raw of vms) {
    const vm = toSummary(raw);
    const nicIds = uniqueIds((raw.properties?.networkProfile?.networkInterfaces ?? []).map((n) => n.id));
    const missingNic = nicIds.find((id) => !nics.has(key(id)));
    if (missingNic) {
      unresolved.push({ vm, reason: `its network interface ${resourceName(missingNic)} could not be read` });
      continue;
    }
    const ipConfigs = nicIds.flatMap((id) => nics.get(key(id))?.ipConfigurations ?? []);
    const missingSubnet = ipConfigs.find((ip) => ip.subnet?.id && !subnetNsg.has(key(ip.subnet.id)));
    if (missingSubnet) {
      unresolved.push({ vm, reason: `its subnet ${resourceName(missingSubnet.subnet?.id ?? "")} could not be read` });
      continue;
    }
    out.push({
      vm,
      privateIps: uniqueIds(ipConfigs.map((ip) => ip.privateIPAddress)),
      nsgIds: uniqueIds([
        ...ipConfigs.map((ip) => subnetNsg.get(key(ip.subnet?.id))),
        ...nicIds.map((id) => nics.get(key(id))?.networkSecurityGroup?.id),
      ]),
    });
  }
  return { vms: out, unresolved };
}
