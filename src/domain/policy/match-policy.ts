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

/** Policies covering the VM that also offer the port, in configuration order (the first wins). */
export function policiesFor(policies: Policy[], vm: VmSummary, port?: number): Policy[] {
  return policies.filter(
    (p) => policyCoversVm(p, vm) && (port === undefined || p.ports.some((pp) => pp.port === port)),
  );
}
