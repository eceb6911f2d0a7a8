import type { Ending, Grant } from "../../domain/grant/grant.js";
import { record, transition } from "../../domain/grant/transitions.js";
import type { Deps } from "../deps.js";
import { auditGrant } from "./audit-grant.js";
import { mutateGrant } from "./mutate-grant.js";

/**
 * Ends an approved or open grant before its time: the record says so first, then its NSGs are asked
 * to converge, and the grant closes when its rules are confirmed gone. Because the record changes
 * first, an extension or a retried write racing with this can never bring the rule back. Returns
 * undefined when the grant was not open (or was being ended already).
 */
export async function endGrant(deps: Deps, grantId: string, ending: Omit<Ending, "at">): Promise<Grant | undefined> {
  const at = deps.clock.now().toISOString();
  const saved = await mutateGrant(deps.store, grantId, (g) => {
    if ((g.status !== "active" && g.status !== "approved") || g.ending) return undefined;
    const marked = { ending: { ...ending, at } };
    // Nothing was written for a grant that never started opening: it closes at once.
    if (!g.network)
      return transition(
        g,
        "closed",
        { at, actor: ending.actor, type: ending.reason, ...(ending.detail ? { detail: ending.detail } : {}) },
        { ...marked, closedAt: at, closeReason: ending.reason },
      );
    return record(g, { type: "closing", at, actor: ending.actor, detail: ending.detail ?? ending.reason }, marked);
  });
  if (!saved) return undefined;
  const grant = saved.after;
  if (grant.network) await deps.reconciles.request(grant.network.nsgIds);
  else {
    await auditGrant(deps.audit, grant, ending.reason, ending.actor, ending.detail);
    await deps.jobs.announce(grant.id, "closed");
  }
  deps.logger.info({ grantId, reason: ending.reason, actor: ending.actor }, "grant ending");
  return grant;
}
