import type { NetworkInterface } from "@azure/arm-network";

import { parseResourceRef } from "../../domain/azure-id/resource-ref.js";
import type {
  EffectiveNsg,
  NetworkAccess,
  NsgSnapshot,
  SecurityRuleInfo,
  SecurityRuleSpec,
  VmNetwork,
  VmSummary,
} from "../../domain/ports/network-access.port.js";
import type { ArmClients } from "./arm-clients.js";
import { listEffectiveRules } from "./effective-rules.js";
import { getSnapshot, listSnapshots, NSG_TYPE, replaceAjarRules, translateWrite } from "./nsg-snapshots.js";
import { toArmRule, toRuleInfo } from "./rule-mapping.js";
import { translateArmError } from "./translate-arm-error.js";
import { listVmNetworks, uniqueIds } from "./vm-networks.js";
import type { ComputeVm } from "./vm-reader.js";

export interface AzureNetworkAccessOptions {
  /** Clients for a subscription, usually `ArmClientCache.forSubscription`. */
  clients: (subscriptionId: string) => ArmClients;
  /** Poll interval for rule operations; ARM's Retry-After on a poll overrides it. Default 1000 ms. */
  pollIntervalMs?: number;
}

function toVmSummary(vm: ComputeVm): VmSummary {
  const ref = parseResourceRef(vm.id, "Microsoft.Compute/virtualMachines");
  return {
    id: vm.id,
    name: vm.name,
    subscriptionId: ref.subscriptionId,
    resourceGroup: ref.resourceGroup,
    ...(vm.location ? { location: vm.location } : {}),
    tags: vm.tags ?? {},
  };
}

/** NetworkAccess over the real ARM SDK; every failure leaves through translateArmError. */
export class AzureNetworkAccess implements NetworkAccess {
  private readonly pollIntervalMs: number;

  constructor(private readonly options: AzureNetworkAccessOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
  }

  async listVms(subscriptionIds: string[], signal?: AbortSignal): Promise<VmSummary[]> {
    const perSubscription = await Promise.all(
      subscriptionIds.map(async (sub) => {
        try {
          return (await this.options.clients(sub).compute.list(sub, signal)).map(toVmSummary);
        } catch (error) {
          throw translateArmError(error, `listing VMs in subscription ${sub}`);
        }
      }),
    );
    return perSubscription.flat();
  }

  /**
   * VM → its NICs (from the VM's networkProfile, so NICs in other resource groups are found too) →
   * the NIC's NSG and, per IP configuration, the subnet's NSG. Inbound traffic crosses the subnet NSG
   * first, then the NIC NSG; the list keeps that order.
   */
  async resolveVmNetwork(vmId: string, signal?: AbortSignal): Promise<VmNetwork> {
    const ref = parseResourceRef(vmId, "Microsoft.Compute/virtualMachines");
    const clients = this.options.clients(ref.subscriptionId);
    try {
      const vm = await clients.compute.get(vmId, signal);
      const nicIds = uniqueIds((vm.properties?.networkProfile?.networkInterfaces ?? []).map((n) => n.id));
      const nics = await Promise.all(nicIds.map((id) => this.getNic(id, signal)));
      const ipConfigs = nics.flatMap((nic) => nic.ipConfigurations ?? []);
      const subnetNsgs = await Promise.all(
        uniqueIds(ipConfigs.map((ip) => ip.subnet?.id)).map((id) => this.subnetNsgId(id, signal)),
      );
      return {
        vm: toVmSummary(vm),
        privateIps: uniqueIds(ipConfigs.map((ip) => ip.privateIPAddress)),
        nsgIds: uniqueIds([...subnetNsgs, ...nics.map((nic) => nic.networkSecurityGroup?.id)]),
      };
    } catch (error) {
      throw translateArmError(error, `resolving the network of VM ${ref.name}`);
    }
  }

  async listRules(nsgId: string, signal?: AbortSignal): Promise<SecurityRuleInfo[]> {
    const ref = parseResourceRef(nsgId, NSG_TYPE);
    const rules: SecurityRuleInfo[] = [];
    try {
      const network = this.options.clients(ref.subscriptionId).network;
      for await (const rule of network.securityRules.list(ref.resourceGroup, ref.name, { abortSignal: signal }))
        rules.push(toRuleInfo(rule));
      return rules;
    } catch (error) {
      throw translateArmError(error, `listing the rules of NSG ${ref.name}`);
    }
  }

  listVmNetworks(
    subscriptionId: string,
    signal?: AbortSignal,
  ): Promise<{ vms: VmNetwork[]; unresolved: { vm: VmSummary; reason: string }[] }> {
    return listVmNetworks(this.options.clients(subscriptionId), subscriptionId, toVmSummary, signal);
  }

  getSecurityGroup(nsgId: string, signal?: AbortSignal): Promise<NsgSnapshot> {
    return getSnapshot(this.options.clients(parseResourceRef(nsgId, NSG_TYPE).subscriptionId).network, nsgId, signal);
  }

  listSecurityGroups(subscriptionId: string, signal?: AbortSignal): Promise<NsgSnapshot[]> {
    return listSnapshots(this.options.clients(subscriptionId).network, subscriptionId, signal);
  }

  replaceAjarRules(snapshot: NsgSnapshot, ajarRules: SecurityRuleSpec[], signal?: AbortSignal): Promise<void> {
    const network = this.options.clients(parseResourceRef(snapshot.id, NSG_TYPE).subscriptionId).network;
    return replaceAjarRules(network, snapshot, ajarRules, this.pollIntervalMs, signal);
  }

  async putRule(nsgId: string, rule: SecurityRuleSpec, signal?: AbortSignal): Promise<void> {
    const ref = parseResourceRef(nsgId, NSG_TYPE);
    let poller: { getOperationState(): { status: string } } | undefined;
    try {
      const network = this.options.clients(ref.subscriptionId).network;
      const started = await network.securityRules.beginCreateOrUpdate(
        ref.resourceGroup,
        ref.name,
        rule.name,
        toArmRule(rule),
        {
          abortSignal: signal,
          updateIntervalInMs: this.pollIntervalMs,
        },
      );
      poller = started;
      // beginCreateOrUpdateAndWait would not pass the signal to the waits between polls.
      await started.pollUntilDone({ abortSignal: signal });
    } catch (error) {
      throw translateWrite(error, poller, signal, `writing rule ${rule.name} in NSG ${ref.name}`);
    }
  }

  async deleteRule(nsgId: string, ruleName: string, signal?: AbortSignal): Promise<void> {
    const ref = parseResourceRef(nsgId, NSG_TYPE);
    let poller: { getOperationState(): { status: string } } | undefined;
    try {
      const network = this.options.clients(ref.subscriptionId).network;
      const started = await network.securityRules.beginDelete(ref.resourceGroup, ref.name, ruleName, {
        abortSignal: signal,
        updateIntervalInMs: this.pollIntervalMs,
      });
      poller = started;
      await started.pollUntilDone({ abortSignal: signal });
    } catch (error) {
      const translated = translateWrite(error, poller, signal, `deleting rule ${ruleName} from NSG ${ref.name}`);
      // Gone already (or its NSG is): the goal of a delete is met.
      if ((translated as { code?: string }).code === "CLOUD.NOT_FOUND") return;
      throw translated;
    }
  }

  listEffectiveRules(vmId: string, signal?: AbortSignal): Promise<EffectiveNsg[]> {
    return listEffectiveRules(this.options.clients, vmId, this.pollIntervalMs, signal);
  }

  private async getNic(nicId: string, signal: AbortSignal | undefined): Promise<NetworkInterface> {
    const nic = parseResourceRef(nicId, "Microsoft.Network/networkInterfaces");
    return this.options
      .clients(nic.subscriptionId)
      .network.networkInterfaces.get(nic.resourceGroup, nic.name, { abortSignal: signal });
  }

  private async subnetNsgId(subnetId: string, signal: AbortSignal | undefined): Promise<string | undefined> {
    const ref = parseResourceRef(subnetId, "Microsoft.Network/virtualNetworks");
    if (!ref.child) return undefined;
    const subnet = await this.options
      .clients(ref.subscriptionId)
      .network.subnets.get(ref.resourceGroup, ref.name, ref.child.name, { abortSignal: signal });
    return subnet.networkSecurityGroup?.id;
  }
}
