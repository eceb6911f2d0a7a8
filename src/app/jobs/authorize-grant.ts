import { resolveApprovers } from "../../domain/approval/resolve-approvers.js";
import { AjarError } from "../../domain/errors.js";
import { isBundleFollower } from "../../domain/grant/grant-bundle.js";
import { awaitsSource, type AuthorizedGrant, type Grant } from "../../domain/grant/grant.js";
import { transition } from "../../domain/grant/transitions.js";
import { policiesFor } from "../../domain/policy/match-policy.js";
import { validateJustification, validateRequest } from "../../domain/policy/validate-request.js";
import { describeDecision } from "../../domain/rbac/index.js";
import type { Deps } from "../deps.js";
import { findVm } from "../queries/find-vm.js";
import { askApprovers } from "../shared/ask-approvers.js";
import { auditGrant } from "../shared/audit-grant.js";
import { checkRequesterRbac } from "../shared/check-requester-rbac.js";
import { entraGroupMembers, findManager } from "../shared/find-approvers.js";
import { checkFollowers, followLeader } from "../shared/follow-leader.js";
import { loadGrant } from "../shared/mutate-grant.js";
import { openWhenDue, pendingDeadline } from "../shared/open-when-due.js";
import { announce } from "./announce-grant.js";

const seconds = (n: number): number => n * 1000;

/**
 * The authorize job: find the VM and its policy, apply the policy's limits, evaluate the requester's
 * Azure RBAC, then either approve at once or ask the approvers. A refusal throws a non-retryable
 * AjarError and a transient failure a retryable one: the job's worker decides when to give up, and
 * giving up rejects the request with the error's message (see the job table).
 */
export async function authorizeGrant(deps: Deps, grantId: string, signal?: AbortSignal): Promise<void> {
  const grant = await loadGrant(deps.store, grantId);
  if (grant.status === "pending" && grant.messages.every((m) => m.purpose !== "approval")) {
    // A previous attempt decided "pending" but died before asking anyone: finish that.
    await startPending(deps, grant);
    return;
  }
  if (grant.status === "approved") {
    // Decided by a previous attempt that may have died before queueing the open; queueing is idempotent.
    await openWhenDue(deps, grant);
    return;
  }
  if (grant.status !== "requested" || awaitsSource(grant) || isBundleFollower(grant)) return;

  const decided = await decide(deps, grant, signal);
  await checkFollowers(deps, decided, signal);
  // Anything that changed the grant meanwhile (a cancel) wins: the decision is simply dropped.
  if (!(await deps.store.replace(decided, grant.version))) return;
  const after = decided;
  await auditGrant(deps.audit, after, after.status, "ajar", after.rbac?.summary);
  if (after.status === "approved") {
    await openWhenDue(deps, after);
    await followLeader(deps, after.id);
    await announce(deps, after, "approved");
  } else {
    await startPending(deps, after);
  }
}

async function decide(deps: Deps, grant: Grant, signal?: AbortSignal): Promise<AuthorizedGrant> {
  const { request } = grant;
  const vm = await findVm(deps, { name: request.vmName, resourceId: request.vmId }, signal);
  const policy = policiesFor(deps.settings.policies, vm, request.port)[0];
  if (!policy) {
    throw new AjarError(
      "POLICY.NOT_COVERED",
      `${vm.name} has no ajar policy that offers port ${request.port}. Run /jit help to see what you can request.`,
    );
  }
  const access = validateRequest(policy, {
    port: request.port,
    source: grant.source,
    durationSeconds: request.durationSeconds,
  });
  validateJustification(policy, grant.justification);

  const decision = await checkRequesterRbac(deps, grant.requester.objectId, vm.id, policy, signal);
  if (!decision.allowed) throw new AjarError("RBAC.DENIED", describeDecision(decision));

  const manager = policy.approval.mode === "manager" ? await findManager(deps, grant, signal) : {};
  const groups = policy.approval.mode === "approvers" ? policy.approval.usergroups : [];
  const slackGroups = Object.fromEntries(
    await Promise.all(groups.map(async (g) => [g, await deps.directory.usergroupMembers(g)] as const)),
  );
  const groupMembers = { ...slackGroups, ...(await entraGroupMembers(deps, policy.approval, signal)) };
  const approvers = resolveApprovers(
    policy.approval,
    grant.requester.slackUserId,
    manager.slackUserId,
    groupMembers,
    manager.problem,
  );

  const now = deps.clock.now();
  const at = now.toISOString();
  const base: AuthorizedGrant = {
    ...grant,
    policyName: policy.name,
    target: {
      vmId: vm.id,
      vmName: vm.name,
      subscriptionId: vm.subscriptionId,
      resourceGroup: vm.resourceGroup,
      port: request.port,
      portLabel: request.portLabel,
      protocol: access.port.protocol,
    },
    source: access.source,
    durationSeconds: access.durationSeconds,
    approval: { mode: approvers.mode, required: approvers.required, eligible: approvers.eligible, votes: [] },
    rbac: { allowed: true, summary: "holds every required Azure action", checkedAt: deps.clock.now().toISOString() },
  };
  if (approvers.mode === "none")
    return transition(base, "approved", { at, actor: "ajar", detail: "no approval required" });
  const pendingUntil = pendingDeadline(base, now, deps.settings.pendingTimeoutSeconds).toISOString();
  return transition(base, "pending", { at, actor: "ajar" }, { pendingUntil });
}

/** A request goes pending: approvers are asked, its expiry and first reminder are scheduled. */
async function startPending(deps: Deps, grant: Grant): Promise<void> {
  const stored = await askApprovers(deps, grant);
  const now = deps.clock.now().getTime();
  await deps.jobs.scheduleExpirePending(grant.id, new Date(grant.pendingUntil ? Date.parse(grant.pendingUntil) : now));
  await deps.jobs.scheduleReminder(grant.id, new Date(now + seconds(deps.settings.reminderAfterSeconds)), 1);
  await announce(deps, stored, "pending");
}
