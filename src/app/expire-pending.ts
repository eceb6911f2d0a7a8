import { transition } from "../domain/grant/transitions.js";
import { announce } from "./announce.js";
import { auditGrant } from "./audit-grant.js";
import type { Deps } from "./deps.js";
import { mutateGrant } from "./mutate-grant.js";

/** A request nobody decided in time ends, and its approval messages say so instead of hanging. */
export async function expirePending(deps: Deps, grantId: string): Promise<boolean> {
  const now = deps.clock.now();
  const saved = await mutateGrant(deps.store, grantId, (g) =>
    g.status === "pending" && (!g.pendingUntil || Date.parse(g.pendingUntil) <= now.getTime() + 1000)
      ? transition(g, "expired", { at: now.toISOString(), actor: "ajar", detail: "no decision in time" })
      : undefined,
  );
  if (!saved) return false;
  await auditGrant(deps.audit, saved.after, "expired", "ajar", "no decision in time");
  deps.logger.info({ grantId }, "pending request expired");
  await announce(deps, saved.after, "expired");
  return true;
}
