import { AjarError } from "../../domain/errors.js";
import type { Grant } from "../../domain/grant/grant.js";
import { transition } from "../../domain/grant/transitions.js";
import type { Deps } from "../deps.js";
import { announce } from "../jobs/announce-grant.js";
import { auditGrant } from "../shared/audit-grant.js";
import { followLeader } from "../shared/follow-leader.js";
import { mutateGrant } from "../shared/mutate-grant.js";

/** The requester withdraws a request nobody has decided yet, or an approved one whose later start is still ahead. */
export async function cancelGrant(deps: Deps, grantId: string, actor: string): Promise<Grant> {
  const saved = await mutateGrant(deps.store, grantId, (g) => {
    if (g.requester.slackUserId !== actor) {
      throw new AjarError("APPROVAL.NOT_ELIGIBLE", `Only the requester can cancel ${grantId}; nothing was changed.`);
    }
    const scheduled =
      g.status === "approved" && g.startAt !== undefined && Date.parse(g.startAt) > deps.clock.now().getTime();
    if (g.status !== "pending" && g.status !== "requested" && !scheduled) {
      throw new AjarError(
        "GRANT.STALE",
        `${grantId} can no longer be cancelled: it is ${g.status}.${g.status === "active" ? " Use /jit revoke to close it." : ""}`,
      );
    }
    return transition(g, "cancelled", { at: deps.clock.now().toISOString(), actor });
  });
  if (!saved) throw new AjarError("GRANT.STALE", `${grantId} changed meanwhile; nothing was cancelled.`);
  await auditGrant(deps.audit, saved.after, "cancelled", actor);
  await followLeader(deps, grantId);
  await announce(deps, saved.after, "cancelled");
  return saved.after;
}
