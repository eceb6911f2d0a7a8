import { subscriptionsToSearch } from "../../app/queries/find-vm.js";
import type { Settings } from "../../app/settings.js";
import { resourceName } from "../../domain/azure-id/resource-id.js";
import { errorMessage } from "../../domain/errors.js";
import { findDnatExposures } from "../../domain/firewall/dnat-exposure.js";
import { configuredFirewalls } from "../../domain/firewall/firewall-for-vm.js";
import { policiesFor } from "../../domain/policy/match-policy.js";
import {
  AJAR_FIREWALL_COLLECTION,
  type FirewallAccess,
  type FirewallDnatRule,
} from "../../domain/ports/firewall-access.port.js";
import type { NetworkAccess } from "../../domain/ports/network-access.port.js";
import { MANAGEMENT_PORTS } from "./internet-exposure.js";

export interface DnatFinding {
  collection: string;
  rule: string;
  sources: string[];
  publicAddress: string;
  publicPort: string;
  vm: string;
  vmPort: number;
}

export interface FirewallScan {
  firewall: string;
  id: string;
  exposures: DnatFinding[];
  error?: string;
}

/**
 * DNAT is deny-by-default, so a firewall has nothing to lock down; what matters is a DNAT rule that
 * publishes a covered VM's management port to any source, which no JIT grant can close.
 */
export async function scanFirewalls(
  deps: { settings: Settings; network: NetworkAccess; firewalls: FirewallAccess },
  signal?: AbortSignal,
): Promise<FirewallScan[]> {
  const targets = configuredFirewalls(deps.settings.policies);
  if (targets.length === 0) return [];
  const vms = (await deps.network.listVms(subscriptionsToSearch(deps), signal)).filter(
    (vm) => policiesFor(deps.settings.policies, vm).length > 0,
  );
  const covered = await Promise.all(
    vms.map(async (vm) => ({
      name: vm.name,
      privateIps: (await deps.network.resolveVmNetwork(vm.id, signal).catch(() => undefined))?.privateIps ?? [],
    })),
  );
  const ports = [
    ...new Set([...MANAGEMENT_PORTS, ...deps.settings.policies.flatMap((p) => p.ports.map((pp) => pp.port))]),
  ];
  const results: FirewallScan[] = [];
  for (const target of targets) {
    const entry: FirewallScan = { firewall: resourceName(target.id), id: target.id, exposures: [] };
    try {
      const snap = await deps.firewalls.read(target.id, signal);
      const ajarRules: FirewallDnatRule[] = (snap.owned?.rules ?? []).map((r) => ({
        collection: AJAR_FIREWALL_COLLECTION,
        name: r.name,
        sourceAddresses: r.sourceAddresses,
        sourceIpGroups: [],
        destinationAddresses: [r.destinationAddress],
        destinationPorts: [String(r.destinationPort)],
        protocols: r.protocols,
        translatedAddress: r.translatedAddress,
        translatedPort: String(r.translatedPort),
      }));
      entry.exposures = findDnatExposures([...snap.foreignRules, ...ajarRules], covered, ports).map((e) => ({
        collection: e.rule.group ? `${e.rule.group}/${e.rule.collection}` : e.rule.collection,
        rule: e.rule.name,
        sources: e.rule.sourceAddresses,
        publicAddress: e.rule.destinationAddresses.join(","),
        publicPort: e.publicPort,
        vm: e.vmName,
        vmPort: e.vmPort,
      }));
    } catch (error) {
      entry.error = errorMessage(error);
    }
    results.push(entry);
  }
  return results;
}

/** `EXPOSED` per rule, `ERROR` per unreadable firewall, `OK` otherwise. */
export function formatFirewallScan(scans: FirewallScan[]): string[] {
  return scans.flatMap((s) => {
    if (s.error !== undefined) return [`ERROR     firewall ${s.firewall}  could not be read: ${s.error}`];
    if (s.exposures.length === 0)
      return [
        `OK        firewall ${s.firewall}  no DNAT rule publishes a management port of a covered VM to any source`,
      ];
    return s.exposures.map(
      (e) =>
        `EXPOSED   firewall ${s.firewall}  ${e.collection}/${e.rule}: any source (${e.sources.join(",")}) → ${e.publicAddress}:${e.publicPort} → ${e.vm}:${e.vmPort}`,
    );
  });
}

export const firewallFindings = (scans: FirewallScan[]): number =>
  scans.reduce((n, s) => n + s.exposures.length + (s.error === undefined ? 0 : 1), 0);
