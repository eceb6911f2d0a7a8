import { AjarError } from "../domain/errors.js";
import type { Grant } from "../domain/grant/grant.js";
import { transition } from "../domain/grant/transitions.js";
import { announce } from "./announce.js";
import { auditGrant } from "./audit-grant.js";
import { closeRules } from "./close-rules.js";
import type { Deps } from "./deps.js";
import { loadGrant, mutateGrant } from "./mutate-grant.js";

export type CloseResult = { kind: "closed"; grant: Grant } | { kind: "not-due"; dueAt: Date } | { kind: "nothing-to-do" };

/**
 * The close job (at expiry) and revocation share this. A close job that fires early (the grant was
 * extended after it was scheduled) reports when it is really due instead of closing anything.
 */
export async function closeGrant(
  deps: Deps,
  grantId: string,
  how: { reason: "expired" } | { reason: "revoked"; actor: string },
  signal?: AbortSignal,
): Promise<CloseResult> {
  const grant = await deps.store.get(grantId);
  if (!grant) {
    // The record is gone (Redis lost it): retrying cannot help; the sweeper removes the rules by
    // the expiry written on them.
    deps.logger.warn({ grantId }, "close job for a grant Redis no longer has; leaving it to the sweeper");
    return { kind: "nothing-to-do" };
  }
  if (grant.status !== "active") return { kind: "nothing-to-do" };
  if (how.reason === "expired" && grant.expiresAt) {
    const due = new Date(grant.expiresAt);
    // A little slack for clock skew between the scheduler and this worker.
    if (due.getTime() - deps.clock.now().getTime() > 1000) return { kind: "not-due", dueAt: due };
  }

  await closeRules(deps, grant, signal);
  const actor = how.reason === "revoked" ? how.actor : "ajar";
  const saved = await mutateGrant(deps.store, grantId, (g) =>
    g.status === "active"
      ? transition(g, "closed", { at: deps.clock.now().toISOString(), actor, type: how.reason }, {
          closedAt: deps.clock.now().toISOString(),
          closeReason: how.reason,
        })
      : undefined,
  );
  if (!saved) return { kind: "nothing-to-do" };
  await auditGrant(deps.audit, saved.after, how.reason, actor);
  deps.logger.info({ grantId, reason: how.reason, actor }, "grant closed");
  await announce(deps, saved.after, "closed");
  return { kind: "closed", grant: saved.after };
}

/** Revocation by a person: only the requester or one of the grant's approvers may end it early. */
export async function revokeGrant(deps: Deps, grantId: string, actor: string, options: { operator?: boolean } = {}): Promise<Grant> {
  const grant = await loadGrant(deps.store, grantId);
  const mayRevoke = options.operator || actor === grant.requester.slackUserId || grant.approval.eligible.includes(actor);
  if (!mayRevoke) {
    throw new AjarError("APPROVAL.NOT_ELIGIBLE", `Only the requester or an approver of ${grantId} can revoke it; nothing was changed.`);
  }
  if (grant.status !== "active") {
    throw new AjarError("GRANT.STALE", `${grantId} is not open (it is ${grant.status}), so there is nothing to revoke.`);
  }
  const result = await closeGrant(deps, grantId, { reason: "revoked", actor });
  if (result.kind !== "closed") throw new AjarError("GRANT.STALE", `${grantId} was closed meanwhile.`);
  return result.grant;
}
