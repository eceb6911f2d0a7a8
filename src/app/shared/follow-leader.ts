import { parseVmResourceId } from "../../domain/azure-id/resource-id.js";
import { AjarError, isAjarError } from "../../domain/errors.js";
import type { GrantRequest } from "../../domain/grant/grant-request.js";
import {
  isAuthorized,
  type Authorization,
  type AuthorizedGrant,
  type Grant,
  type GrantStatus,
} from "../../domain/grant/grant.js";
import { transition } from "../../domain/grant/transitions.js";
import { policiesFor } from "../../domain/policy/match-policy.js";
import { validateRequest } from "../../domain/policy/validate-request.js";
import { describeDecision } from "../../domain/rbac/index.js";
import type { Deps } from "../deps.js";
import { announce } from "../jobs/announce-grant.js";
import { findVm } from "../queries/find-vm.js";
import { policyOfGrant } from "../settings.js";
import { auditGrant } from "./audit-grant.js";
import { checkRequesterRbac } from "./check-requester-rbac.js";
import { loadGrant, mutateGrant } from "./mutate-grant.js";
import { openWhenDue } from "./open-when-due.js";

const DECIDED_YES: GrantStatus[] = ["approved", "active", "closed"];

const followers = (leader: Grant): string[] =>
  leader.bundle && leader.bundle.leaderId === leader.id ? leader.bundle.memberIds.filter((id) => id !== leader.id) : [];

/**
 * Before the leader of a several-VM request is decided, every other VM passes the same checks the
 * leader did: the same policy still covers it, the policy's limits, and the requester's Azure RBAC on
 * that VM. One failure refuses the whole request, naming the VM, so approvers never see a request
 * that cannot be granted as shown.
 */
export async function checkFollowers(deps: Deps, leader: AuthorizedGrant, signal?: AbortSignal): Promise<void> {
  const policy = policyOfGrant(deps.settings, leader);
  if (!policy) return;
  for (const id of followers(leader)) {
    const follower = await loadGrant(deps.store, id);
    const vm = await findVm(deps, { name: follower.request.vmName, resourceId: follower.request.vmId }, signal);
    if (policiesFor(deps.settings.policies, vm, follower.request.port)[0]?.name !== policy.name) {
      throw new AjarError(
        "POLICY.NOT_COVERED",
        `${vm.name} is no longer covered by policy ${policy.name}; ask for it separately.`,
      );
    }
    validateRequest(policy, {
      port: follower.request.port,
      source: leader.source,
      durationSeconds: leader.durationSeconds,
    });
    const decision = await checkRequesterRbac(deps, leader.requester.objectId, vm.id, policy, signal);
    if (!decision.allowed) throw new AjarError("RBAC.DENIED", `On ${vm.name}: ${describeDecision(decision)}`);
  }
}

/**
 * The other VMs of a several-VM request take the leader's decision once it is made: approved ones
 * open (at the leader's start, for the leader's window, from the leader's source), and a refusal,
 * denial, expiry or cancellation ends them the same way. Idempotent: only followers still waiting
 * move, so calling it again after a crash finishes what was left.
 */
export async function followLeader(deps: Deps, leaderId: string): Promise<void> {
  const leader = await loadGrant(deps.store, leaderId).catch((error: unknown) => {
    if (isAjarError(error)) return undefined;
    throw error;
  });
  if (!leader || leader.status === "requested" || leader.status === "pending") return;
  const yes = DECIDED_YES.includes(leader.status);
  const status: GrantStatus = yes ? "approved" : leader.status === "failed" ? "cancelled" : leader.status;
  const at = deps.clock.now().toISOString();
  for (const id of followers(leader)) {
    const saved = await mutateGrant(deps.store, id, (g) => {
      if (g.status !== "requested") return undefined;
      const shared = {
        ...(isAuthorized(leader) ? followerAuthorization(g.request, leader) : {}),
        source: leader.source,
        approval: leader.approval,
        ...(leader.rbac ? { rbac: leader.rbac } : {}),
        ...(leader.startAt ? { startAt: leader.startAt } : {}),
      };
      return yes
        ? transition(g, status, { at, actor: "ajar", detail: `with ${leader.id}` }, shared)
        : transition(
            g,
            status,
            { at, actor: "ajar", detail: `with ${leader.id}` },
            { ...shared, failure: leader.failure ?? `decided with ${leader.id}` },
          );
    });
    if (!saved) continue;
    await auditGrant(deps.audit, saved.after, status, "ajar", `with ${leader.id}`);
    if (yes) await openWhenDue(deps, saved.after);
    else await announce(deps, saved.after);
  }
}

/** The leader's policy and window, on the follower's VM: requestBundle names each VM by id, so nothing is looked up. */
function followerAuthorization(request: GrantRequest, leader: AuthorizedGrant): Authorization {
  const vmId = request.vmId ?? "";
  const vm = parseVmResourceId(vmId);
  return {
    policyName: leader.policyName,
    durationSeconds: leader.durationSeconds,
    target: {
      vmId,
      vmName: request.vmName,
      subscriptionId: vm.subscriptionId,
      resourceGroup: vm.resourceGroup,
      port: request.port,
      portLabel: request.portLabel,
      protocol: leader.target.protocol,
    },
  };
}
