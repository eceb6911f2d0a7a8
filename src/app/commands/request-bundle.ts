import type { VmSelection } from "../../domain/command/index.js";
import { AjarError } from "../../domain/errors.js";
import { newGrantId } from "../../domain/grant/grant-id.js";
import type { Grant } from "../../domain/grant/grant.js";
import { globToRegExp, policiesFor } from "../../domain/policy/match-policy.js";
import type { Policy } from "../../domain/policy/policy.js";
import type { VmSummary } from "../../domain/ports/network-access.port.js";
import type { Deps } from "../deps.js";
import type { VmCatalog } from "../queries/vm-catalog.js";
import { requestGrant, type GrantRequestInput } from "./request-grant.js";

const DEFAULT_MAX_VMS_PER_REQUEST = 10;

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function select(vms: VmSummary[], selection: VmSelection, port: number, policies: Policy[]): VmSummary[] {
  if ("pattern" in selection) {
    const pattern = globToRegExp(selection.pattern);
    const found = vms.filter(
      (vm) =>
        same(vm.resourceGroup, selection.resourceGroup) &&
        pattern.test(vm.name) &&
        policiesFor(policies, vm, port).length > 0,
    );
    if (found.length === 0)
      throw new AjarError(
        "POLICY.NOT_COVERED",
        `No VM in ${selection.resourceGroup} matching ${selection.pattern} is covered by an ajar policy for port ${port}. Check with /jit help.`,
      );
    return found;
  }
  const label = "name" in selection ? selection.name : selection.resourceId;
  const found = vms.filter((vm) =>
    "name" in selection ? same(vm.name, selection.name) : same(vm.id, selection.resourceId),
  );
  if (found.length === 0)
    throw new AjarError(
      "POLICY.NOT_COVERED",
      `No VM named ${label} is covered by an ajar policy. Check the name with /jit help.`,
    );
  if (found.length > 1)
    throw new AjarError(
      "INPUT.INVALID",
      `${label} names ${found.length} VMs (${found.map((m) => m.resourceGroup).join(", ")}). Write it as resource-group/name.`,
    );
  return found;
}

/**
 * Several VMs in one request. The selections are resolved against the VMs ajar can see (the cached
 * catalog: the answer does not wait for ARM, and the authorize job checks each VM again), capped by
 * `maxVmsPerRequest`, and split by the policy that covers each VM: each policy's VMs become one
 * request, decided once as that policy says, with one grant per VM (its own rules, the same window).
 * The first grant of each request leads (it carries the approval); the others follow its decision.
 * Returns the leaders.
 */
export async function requestBundle(
  deps: Deps,
  input: Omit<GrantRequestInput, "vm">,
  selections: VmSelection[],
  catalog: VmCatalog,
): Promise<Grant[]> {
  const all = await catalog();
  const chosen = new Map<string, VmSummary>();
  for (const selection of selections)
    for (const vm of select(all, selection, input.port, deps.settings.policies)) chosen.set(vm.id.toLowerCase(), vm);
  const max = deps.settings.maxVmsPerRequest ?? DEFAULT_MAX_VMS_PER_REQUEST;
  if (chosen.size > max)
    throw new AjarError(
      "POLICY.VIOLATION",
      `That is ${chosen.size} VMs; one request may name at most ${max}. Narrow the pattern or split the request.`,
    );

  const byPolicy = new Map<string, VmSummary[]>();
  for (const vm of chosen.values()) {
    const policy = policiesFor(deps.settings.policies, vm, input.port)[0];
    if (!policy)
      throw new AjarError(
        "POLICY.NOT_COVERED",
        `${vm.name} has no ajar policy that offers port ${input.port}. Run /jit help to see what you can request.`,
      );
    byPolicy.set(policy.name, [...(byPolicy.get(policy.name) ?? []), vm]);
  }

  const leaders: Grant[] = [];
  for (const vms of byPolicy.values()) {
    const ids = vms.map(() => newGrantId());
    const bundle = { leaderId: ids[0]!, memberIds: ids, vmNames: vms.map((vm) => vm.name) };
    // Followers first: when the leader's authorize job runs, every member it checks exists.
    for (let i = vms.length - 1; i >= 0; i--) {
      const grant = await requestGrant(deps, {
        ...input,
        vm: { resourceId: vms[i]!.id },
        id: ids[i]!,
        ...(vms.length > 1 ? { bundle } : {}),
      });
      if (i === 0) leaders.push(grant);
    }
  }
  return leaders;
}
