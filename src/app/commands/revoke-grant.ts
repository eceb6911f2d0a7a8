import { AjarError } from "../../domain/errors.js";
import type { Grant } from "../../domain/grant/grant.js";
import type { Deps } from "../deps.js";
import { endGrant } from "../shared/end-grant.js";
import { loadGrant } from "../shared/mutate-grant.js";

/**
 * Revocation by a person: only the requester or one of the grant's approvers may end it early (an
 * operator from the CLI too). The grant is marked as ending at once; its rules go with the next pass
 * over its NSGs, and it is announced closed when they are gone.
 */
export async function revokeGrant(
  deps: Deps,
  grantId: string,
  actor: string,
  options: { operator?: boolean } = {},
): Promise<Grant> {
  const grant = await loadGrant(deps.store, grantId);
  const mayRevoke =
    options.operator || actor === grant.requester.slackUserId || grant.approval.eligible.includes(actor);
  if (!mayRevoke) {
    throw new AjarError(
      "APPROVAL.NOT_ELIGIBLE",
      `Only the requester or an approver of ${grantId} can revoke it; nothing was changed.`,
    );
  }
  if (grant.status !== "active" && grant.status !== "approved") {
    throw new AjarError(
      "GRANT.STALE",
      `${grantId} is not open (it is ${grant.status}), so there is nothing to revoke.`,
    );
  }
  if (grant.ending) throw new AjarError("GRANT.STALE", `${grantId} is already closing.`);
  const ended = await endGrant(deps, grantId, { reason: "revoked", actor });
  if (!ended) throw new AjarError("GRANT.STALE", `${grantId} was closed meanwhile.`);
  return ended;
}
