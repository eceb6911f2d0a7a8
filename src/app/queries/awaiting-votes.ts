import type { Grant } from "../../domain/grant/grant.js";
import type { Deps } from "../deps.js";

/**
 * The pending requests, read once, and for any person those still waiting for their vote (eligible,
 * not voted yet). /jit list and App Home ask the same; the pending list is the expensive read.
 */
export async function awaitingVotes(deps: Pick<Deps, "store">): Promise<(slackUserId: string) => Grant[]> {
  const pending = await deps.store.list({ statuses: ["pending"], limit: 500 });
  return (slackUserId) =>
    pending.filter(
      (g) => g.approval.eligible.includes(slackUserId) && !g.approval.votes.some((v) => v.slackUserId === slackUserId),
    );
}
