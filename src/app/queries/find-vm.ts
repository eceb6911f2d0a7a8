import { AjarError } from "../../domain/errors.js";
import type { VmSummary } from "../../domain/ports/network-access.port.js";
import type { Deps } from "../deps.js";

/** Subscriptions ajar looks in: the configured ones plus any a policy names. */
export function subscriptionsToSearch(deps: Pick<Deps, "settings">): string[] {
  const fromPolicies = deps.settings.policies.flatMap((p) =>
    p.vms.map((v) => v.subscriptionId).filter((s): s is string => !!s),
  );
  return [...new Set([...deps.settings.subscriptions, ...fromPolicies].map((s) => s.toLowerCase()))];
}

/** Finds the VM a request names, by full resource id or by a name that must be unambiguous. */
export async function findVm(
  deps: Pick<Deps, "settings" | "network">,
  ref: { name?: string; resourceId?: string },
  signal?: AbortSignal,
): Promise<VmSummary> {
  const vms = await deps.network.listVms(subscriptionsToSearch(deps), signal);
  const matches = ref.resourceId
    ? vms.filter((vm) => vm.id.toLowerCase() === ref.resourceId!.toLowerCase())
    : vms.filter((vm) => vm.name.toLowerCase() === ref.name!.toLowerCase());
  const label = ref.resourceId ?? ref.name ?? "";
  if (matches.length === 0) {
    throw new AjarError(
      "POLICY.NOT_COVERED",
      `No VM named ${label} is covered by an ajar policy. Check the name with /jit help.`,
    );
  }
  if (matches.length > 1) {
    throw new AjarError(
      "INPUT.INVALID",
      `${label} names ${matches.length} VMs (${matches.map((m) => m.resourceGroup).join(", ")}). Use the VM's full resource id instead.`,
    );
  }
  return matches[0]!;
}
