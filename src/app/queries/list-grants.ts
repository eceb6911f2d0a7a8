import type { Grant } from "../../domain/grant/grant.js";
import type { Deps } from "../deps.js";
import { awaitingVotes } from "./awaiting-votes.js";
import { openGrantsOf } from "./open-grants-of.js";

export interface GrantOverview {
  mine: Grant[];
  awaitingMe: Grant[];
}

/** A person's open grants, and the requests waiting for their vote. */
export async function listGrantsFor(deps: Pick<Deps, "store">, slackUserId: string): Promise<GrantOverview> {
  const mine = await openGrantsOf(deps, slackUserId);
  const awaitingMe = (await awaitingVotes(deps))(slackUserId);
  return { mine, awaitingMe };
}
