import type { Grant } from "../../domain/grant/grant.js";
import type { Deps } from "../deps.js";

export interface GrantOverview {
  mine: Grant[];
  awaitingMe: Grant[];
}

/** A person's open grants, and the requests waiting for their vote. */
export async function listGrantsFor(deps: Deps, slackUserId: string): Promise<GrantOverview> {
  const mine = await deps.store.list({ requester: slackUserId, statuses: ["requested", "pending", "approved", "active"], limit: 50 });
  const pending = await deps.store.list({ statuses: ["pending"], limit: 500 });
  const awaitingMe = pending.filter(
    (g) => g.approval.eligible.includes(slackUserId) && !g.approval.votes.some((v) => v.slackUserId === slackUserId),
  );
  return { mine, awaitingMe };
}
