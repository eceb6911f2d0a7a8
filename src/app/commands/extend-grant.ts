import { AjarError } from "../../domain/errors.js";
import { assertExtendable, checkExtension, extendWindow } from "../../domain/grant/extension.js";
import type { Grant } from "../../domain/grant/grant.js";
import { record } from "../../domain/grant/transitions.js";
import { formatDuration } from "../../domain/time/format-duration.js";
import type { Deps } from "../deps.js";
import { announce } from "../jobs/announce-grant.js";
import { afterExtension } from "../shared/after-extension.js";
import { askApprovers } from "../shared/ask-approvers.js";
import { auditGrant } from "../shared/audit-grant.js";
import { extensionPolicyOf } from "../shared/extension-policy-of.js";
import { loadGrant, mutateGrant } from "../shared/mutate-grant.js";
import { recheckRequester } from "../shared/recheck-requester.js";

/**
 * The requester asks for more time on an active grant. Their identity and Azure permissions are
 * checked again first. Within the policy's maximum it is applied at once where the policy needs no
 * approval; otherwise the grant's approvers are asked again and the grant stays as it is until they decide.
 */
export async function extendGrant(
  deps: Deps,
  grantId: string,
  actor: string,
  seconds: number,
): Promise<{ grant: Grant; message: string }> {
  const grant = await loadGrant(deps.store, grantId);
  if (grant.requester.slackUserId !== actor) {
    throw new AjarError("APPROVAL.NOT_ELIGIBLE", `Only the requester can extend ${grantId}; nothing was changed.`);
  }
  const policy = extensionPolicyOf(deps, grant);
  assertExtendable(grant, deps.clock.now());
  checkExtension(grant, policy, seconds, deps.clock.now());
  const refusal = await recheckRequester(deps, grant, { id: grant.target.vmId });
  if (refusal) throw new AjarError("RBAC.DENIED", `${grantId} cannot be extended: ${refusal}.`);
  if (grant.approval.mode === "none") {
    const extended = await applyExtension(deps, grantId, seconds, actor);
    return {
      grant: extended,
      message: `Extended \`${grantId}\` by ${formatDuration(seconds)}: open until ${extended.expiresAt}.`,
    };
  }

  const at = deps.clock.now().toISOString();
  const saved = await mutateGrant(deps.store, grantId, (g) => {
    if (g.pendingExtension)
      throw new AjarError("GRANT.STALE", `An extension of ${grantId} is already waiting for approval.`);
    checkExtension(g, policy, seconds, deps.clock.now());
    return record(
      g,
      { type: "extension-requested", at, actor, detail: `+${seconds}s` },
      { pendingExtension: { durationSeconds: seconds, requestedAt: at, votes: [] } },
    );
  });
  const after = saved!.after;
  await auditGrant(deps.audit, after, "extension-requested", actor, `+${seconds}s`);
  await announce(deps, await askApprovers(deps, after), "extension-requested");
  return {
    grant: after,
    message: `Your extension of \`${grantId}\` by ${formatDuration(seconds)} is waiting for approval.`,
  };
}

/** An extension that needs no approval: one compare-and-set moves the end, then its NSGs converge. */
async function applyExtension(deps: Deps, grantId: string, seconds: number, actor: string): Promise<Grant> {
  const grant = await loadGrant(deps.store, grantId);
  const policy = extensionPolicyOf(deps, grant);
  const saved = await mutateGrant(deps.store, grantId, (g) =>
    extendWindow(g, policy, seconds, deps.clock.now(), actor),
  );
  if (!saved) throw new AjarError("GRANT.STALE", `${grantId} closed meanwhile; nothing was extended.`);
  await afterExtension(deps, saved.after, actor);
  return saved.after;
}
