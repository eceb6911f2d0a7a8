import { subscriptionsToSearch } from "../../app/queries/find-vm.js";
import type { Settings } from "../../app/settings.js";
import { coveredVm } from "../../app/shared/covered-vm.js";
import { resourceName } from "../../domain/azure-id/resource-id.js";
import { errorMessage } from "../../domain/errors.js";
import { policiesFor } from "../../domain/policy/match-policy.js";
import { offeredPorts } from "../../domain/policy/offered-ports.js";
import type { NetworkAccess, SecurityRuleInfo, VmSummary } from "../../domain/ports/network-access.port.js";
import { planNsg } from "../../domain/rules/plan-nsg.js";
import { internetVerdict, MANAGEMENT_PORTS, type PortProtocol } from "./internet-exposure.js";

export interface OpenPort {
  port: number;
  protocol: PortProtocol;
  /** The allow rule in each NSG on the path (`nsg/rule`), or a note that the VM has no NSG at all. */
  via: string[];
}

export interface VmScan {
  vm: string;
  id: string;
  policies: string[];
  openPorts: OpenPort[];
  /** Covered ports an operator's allow from any source opens above every deny in one NSG: not locked down there. */
  notLockedDown: { nsg: string; port: number; rule: string; priority: number }[];
  error?: string;
}

export interface ScanReport {
  vms: VmScan[];
  /** VMs with an open management port, none covered by a policy, or that could not be read. */
  findings: number;
}

/** Management ports plus the ports the VM's policies offer, each with the protocol to test. */
function portsFor(vm: VmSummary, settings: Settings): { port: number; protocol: PortProtocol }[] {
  const ports = new Map<string, { port: number; protocol: PortProtocol }>();
  for (const port of MANAGEMENT_PORTS) ports.set(`${port}/Tcp`, { port, protocol: "Tcp" });
  for (const p of offeredPorts(policiesFor(settings.policies, vm)))
    ports.set(`${p.port}/${p.protocol}`, { port: p.port, protocol: p.protocol });
  return [...ports.values()].sort((a, b) => a.port - b.port);
}

/**
 * Like Defender for Cloud's "management ports should be closed" recommendation, for every VM ajar can
 * see: a port is open when every NSG on the path (subnet and NIC) lets the internet reach it.
 */
export async function scanVms(
  deps: { settings: Settings; network: NetworkAccess },
  signal?: AbortSignal,
): Promise<ScanReport> {
  const vms = await deps.network.listVms(subscriptionsToSearch(deps), signal);
  const rulesCache = new Map<string, Promise<SecurityRuleInfo[]>>();
  const rulesOf = (nsgId: string): Promise<SecurityRuleInfo[]> => {
    const key = nsgId.toLowerCase();
    let rules = rulesCache.get(key);
    if (!rules) {
      rules = deps.network.listRules(nsgId, signal);
      rulesCache.set(key, rules);
    }
    return rules;
  };

  const results: VmScan[] = [];
  for (const vm of vms.sort((a, b) => a.name.localeCompare(b.name))) {
    const policies = policiesFor(deps.settings.policies, vm).map((p) => p.name);
    const entry: VmScan = { vm: vm.name, id: vm.id, policies, openPorts: [], notLockedDown: [] };
    try {
      const network = await deps.network.resolveVmNetwork(vm.id, signal);
      const nsgs = await Promise.all(network.nsgIds.map(async (id) => ({ id, rules: await rulesOf(id) })));
      if (policies.length > 0) {
        const covered = coveredVm(deps, network);
        for (const nsg of nsgs) {
          const { exposures } = planNsg({
            rules: nsg.rules,
            vms: [covered],
            vmsComplete: false,
            grants: [],
            lockdownPriority: deps.settings.lockdownPriority,
          });
          entry.notLockedDown.push(
            ...exposures.map((e) => ({ nsg: resourceName(nsg.id), port: e.port, rule: e.rule, priority: e.priority })),
          );
        }
      }
      for (const { port, protocol } of portsFor(vm, deps.settings)) {
        if (nsgs.length === 0) {
          entry.openPorts.push({ port, protocol, via: ["no NSG on the NIC or subnet"] });
          continue;
        }
        const verdicts = nsgs.map((nsg) => ({
          nsg,
          verdict: internetVerdict(nsg.rules, port, protocol, network.privateIps),
        }));
        if (verdicts.every((v) => v.verdict.open)) {
          entry.openPorts.push({
            port,
            protocol,
            via: verdicts.map(
              (v) => `${resourceName(v.nsg.id)}/${v.verdict.rule?.name} (priority ${v.verdict.rule?.priority})`,
            ),
          });
        }
      }
    } catch (error) {
      entry.error = errorMessage(error);
    }
    results.push(entry);
  }
  const findings = results.filter(
    (r) => r.openPorts.length > 0 || r.notLockedDown.length > 0 || r.policies.length === 0 || r.error !== undefined,
  ).length;
  return { vms: results, findings };
}

/** Lines per VM in name order (ERROR, OPEN per port, UNCOVERED, or OK), then a total. */
export function formatScan(report: ScanReport): string[] {
  const width = Math.max(4, ...report.vms.map((v) => v.vm.length));
  const lines: string[] = [];
  for (const v of report.vms) {
    const name = v.vm.padEnd(width);
    if (v.error !== undefined) lines.push(`ERROR     ${name}  could not read its network: ${v.error}`);
    for (const p of v.openPorts)
      lines.push(`OPEN      ${name}  ${p.port}/${p.protocol} reachable from the internet via ${p.via.join(" + ")}`);
    for (const n of v.notLockedDown)
      lines.push(
        `UNLOCKED  ${name}  port ${n.port} in ${n.nsg}: ${n.rule} (priority ${n.priority}) allows any source above every deny, so ajar's lock-down there does nothing`,
      );
    if (v.policies.length === 0)
      lines.push(
        `UNCOVERED ${name}  no ajar policy covers it: its ports cannot be requested, nor are they locked down`,
      );
    if (v.error === undefined && v.openPorts.length === 0 && v.notLockedDown.length === 0 && v.policies.length > 0)
      lines.push(`OK        ${name}  management ports closed to the internet; policies ${v.policies.join(", ")}`);
  }
  lines.push(`${report.vms.length} VMs scanned, ${report.findings} with findings.`);
  return lines;
}
