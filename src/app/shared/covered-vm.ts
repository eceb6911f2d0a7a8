import { policiesFor } from "../../domain/policy/match-policy.js";
import { offeredPorts } from "../../domain/policy/offered-ports.js";
import type { VmNetwork } from "../../domain/ports/network-access.port.js";
import type { NsgVm } from "../../domain/rules/plan-nsg.js";
import type { Settings } from "../settings.js";

/** A VM as the NSG reconciler sees it: its addresses and every port its policies offer. */
export function coveredVm(deps: { settings: Pick<Settings, "policies"> }, network: VmNetwork): NsgVm {
  const ports = offeredPorts(policiesFor(deps.settings.policies, network.vm)).map((p) => ({
    port: p.port,
    protocol: p.protocol,
  }));
  return {
    id: network.vm.id,
    name: network.vm.name,
    privateIps: network.privateIps,
    ports: ports.sort((a, b) => a.port - b.port),
  };
}
