import type { FirewallDnatRule } from "../ports/firewall-access.port.js";

/** A DNAT rule that publishes a management port of a covered VM to anyone. */
export interface DnatExposure {
  rule: FirewallDnatRule;
  vmName: string;
  vmPort: number;
  publicPort: string;
}

const ANY_SOURCE = new Set(["*", "0.0.0.0/0", "::/0", "any", "internet"]);

/**
 * Firewall DNAT is deny-by-default, so there is nothing to lock down; what defeats JIT is a DNAT
 * rule someone left open to any source in front of a VM's management port.
 */
export function findDnatExposures(
  rules: FirewallDnatRule[],
  vms: { name: string; privateIps: string[] }[],
  managementPorts: number[],
): DnatExposure[] {
  const exposures: DnatExposure[] = [];
  for (const rule of rules) {
    if (!rule.sourceAddresses.some((s) => ANY_SOURCE.has(s.toLowerCase()))) continue;
    const vmPort = Number(rule.translatedPort);
    if (!rule.translatedAddress || !managementPorts.includes(vmPort)) continue;
    const vm = vms.find((v) => v.privateIps.includes(rule.translatedAddress as string));
    if (vm) exposures.push({ rule, vmName: vm.name, vmPort, publicPort: rule.destinationPorts.join(",") });
  }
  return exposures;
}
