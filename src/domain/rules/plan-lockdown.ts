import type { RuleProtocol, SecurityRuleInfo, SecurityRuleSpec } from "../ports/network-access.port.js";
import { existingRule, type NsgSpace } from "./nsg-space.js";
import type { Exposure, LockdownState, NsgVm } from "./plan-nsg.js";
import { firstFree, MAX_PRIORITY, MIN_PRIORITY } from "./priorities.js";
import { isFromAnySource, mayMatchTarget, surelyMatchesTarget } from "./rule-match.js";
import { lockdownRuleDescription, lockdownRuleName } from "./rule-naming.js";

/**
 * A covered VM's deny for its policy ports, placed as Defender places it, or the operator's existing
 * deny from anywhere that already is its lock-down.
 */
export function planLockdown(
  vm: NsgVm,
  foreign: SecurityRuleInfo[],
  space: NsgSpace,
  preferred: number,
): { status: LockdownState; spec?: SecurityRuleSpec } {
  const base = { vmId: vm.id, vmName: vm.name };
  const name = lockdownRuleName(vm);
  const catchAll = (port: { port: number; protocol: RuleProtocol }) =>
    foreign
      .filter(
        (r) =>
          r.access === "Deny" && isFromAnySource(r) && surelyMatchesTarget(r, port.port, port.protocol, vm.privateIps),
      )
      .sort((a, b) => a.priority - b.priority)[0];
  const uncovered = vm.ports.filter((p) => !catchAll(p));
  if (uncovered.length === 0) {
    // Defender's rule: an existing deny from anywhere already is the lock-down; a second one adds nothing.
    const first = catchAll(vm.ports[0]!)!;
    return { status: { ...base, state: "existing-deny", rule: first.name, priority: first.priority } };
  }
  const ports = [...new Set(uncovered.map((p) => p.port))].sort((a, b) => a - b).map(String);
  const current = existingRule(space, name);
  let priority = current && current.access === "Deny" && current.direction === "Inbound" ? current.priority : undefined;
  if (priority === undefined) {
    // Defender's placement: rules the operator already has for these ports keep priority over the deny.
    const overlapping = foreign.filter((r) => uncovered.some((p) => mayMatchTarget(r, p.port, "*", vm.privateIps)));
    const floor = overlapping.length > 0 ? Math.max(...overlapping.map((r) => r.priority)) + 1 : preferred;
    priority = firstFree(space.taken, Math.max(floor, MIN_PRIORITY + 1), MAX_PRIORITY, 1);
    if (priority === undefined) {
      return {
        status: {
          ...base,
          state: "impossible",
          reason: `no free inbound priority between ${floor} and ${MAX_PRIORITY} below the operator's rules for ports ${ports.join(", ")}`,
        },
      };
    }
  }
  const spec: SecurityRuleSpec = {
    name,
    priority,
    direction: "Inbound",
    access: "Deny",
    protocol: "*",
    sourceAddressPrefixes: ["*"],
    destinationAddressPrefixes: [...vm.privateIps],
    destinationPortRanges: ports,
    description: lockdownRuleDescription(vm.name),
  };
  return { status: { ...base, state: "ajar", priority, rule: name }, spec };
}

/** Operator allows from anywhere that sit above whatever denies the VM's ports. */
export function exposuresOf(
  vm: NsgVm,
  foreign: SecurityRuleInfo[],
  lockdown: SecurityRuleSpec | undefined,
): Exposure[] {
  const out: Exposure[] = [];
  for (const port of vm.ports) {
    const denies = foreign
      .filter(
        (r) =>
          r.access === "Deny" && isFromAnySource(r) && surelyMatchesTarget(r, port.port, port.protocol, vm.privateIps),
      )
      .map((r) => r.priority);
    if (lockdown?.destinationPortRanges.includes(String(port.port))) denies.push(lockdown.priority);
    const deny = denies.length > 0 ? Math.min(...denies) : Infinity;
    const open = foreign
      .filter(
        (r) =>
          r.access === "Allow" &&
          isFromAnySource(r) &&
          r.priority < deny &&
          mayMatchTarget(r, port.port, port.protocol, vm.privateIps),
      )
      .sort((a, b) => a.priority - b.priority)[0];
    if (open) out.push({ vmId: vm.id, vmName: vm.name, port: port.port, rule: open.name, priority: open.priority });
  }
  return out;
}
