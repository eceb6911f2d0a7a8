import type { VmSummary } from "../ports/network-access.port.js";
import type { Policy, VmSelector } from "./policy.js";

const eq = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`, "i");
}

export function selectorMatches(selector: VmSelector, vm: VmSummary): boolean {
  if (selector.subscriptionId && !eq(selector.subscriptionId, vm.subscriptionId)) return false;
  if (selector.resourceGroup && !eq(selector.resourceGroup, vm.resourceGroup)) return false;
  if (selector.namePattern && !globToRegExp(selector.namePattern).test(vm.name)) return false;
  for (const [key, value] of Object.entries(selector.tags ?? {})) {
    // ARM tag names are case-insensitive, values are not.
    const found = Object.entries(vm.tags).find(([k]) => eq(k, key));
    if (!found || found[1] !== value) return false;
  }
  return true;
}

export const policyCoversVm = (policy: Policy, vm: VmSummary): boolean =>
  policy.vms.some((selector) => selectorMatches(selector, vm));

/** Approvals a request under the policy needs before anything opens. */
export function approvalsRequired(policy: Policy): number {
  if (policy.approval.mode === "none") return 0;
  if (policy.approval.mode === "manager") return 1;
  return policy.approval.minApprovals;
}

/** The longest window the policy allows on the port (on any of its ports when none is given). */
export function maximumFor(policy: Policy, port?: number): number {
  const ports = port === undefined ? policy.ports : policy.ports.filter((p) => p.port === port);
  const longest = Math.max(0, ...ports.map((p) => p.maxDurationSeconds ?? policy.maxDurationSeconds));
  return Math.min(policy.maxDurationSeconds, longest);
}

/**
 * Policies covering the VM that also offer the port, strictest first (the first wins): most
 * approvals, then shortest maximum, then configuration order. Selectors can match on tags, and
 * whoever may write a VM's tags must not be able to move it under a laxer policy that way.
 */
export function policiesFor(policies: Policy[], vm: VmSummary, port?: number): Policy[] {
  const covering = policies.filter(
    (p) => policyCoversVm(p, vm) && (port === undefined || p.ports.some((pp) => pp.port === port)),
  );
  return covering
    .map((policy, order) => ({ policy, order, approvals: approvalsRequired(policy), max: maximumFor(policy, port) }))
    .sort((a, b) => b.approvals - a.approvals || a.max - b.max || a.order - b.order)
    .map((entry) => entry.policy);
}
