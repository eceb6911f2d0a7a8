import { awaitsSource, type Grant } from "../../domain/grant/grant.js";
import { transition } from "../../domain/grant/transitions.js";
import type { Deps } from "../deps.js";
import { auditGrant } from "../shared/audit-grant.js";
import { followLeader } from "../shared/follow-leader.js";
import { mutateGrant } from "../shared/mutate-grant.js";
import { announce } from "./announce-grant.js";

/** A request nobody decided in time ends, and its approval messages say so instead of hanging. */
export async function expirePending(deps: Deps, grantId: string): Promise<boolean> {
  const now = deps.clock.now();
  let why = "no decision in time";
  const due = (g: Grant): boolean => {
    if (g.status === "pending") return !g.pendingUntil || Date.parse(g.pendingUntil) <= now.getTime() + 1000;
    why = "the address link was not opened in time";
    return awaitsSource(g) && Date.parse(g.sourceLink!.expiresAt) <= now.getTime() + 1000;
  };
  const saved = await mutateGrant(deps.store, grantId, (g) =>
    due(g)
      ? transition(
          g,
          "expired",
          { at: now.toISOString(), actor: "ajar", detail: why },
          g.status === "pending" ? {} : { failure: why },
        )
      : undefined,
  );
  if (!saved) return false;
  await auditGrant(deps.audit, saved.after, "expired", "ajar", why);
  await followLeader(deps, grantId);
  deps.logger.info({ grantId }, "pending request expired");
  await announce(deps, saved.after, "expired");
  return true;
}
