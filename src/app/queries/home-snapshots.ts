import { FINAL_STATUSES } from "../../domain/grant/grant.js";
import type { Deps } from "../deps.js";
import type { HomeSnapshot } from "../ports/grant-notifier.port.js";
import { awaitingVotes } from "./awaiting-votes.js";
import { openGrantsOf } from "./open-grants-of.js";

const RECENT_LIMIT = 10;

/**
 * What each person's App Home shows: what /jit list shows, and their latest finished grants, newest
 * first. The pending requests are read once for everyone, as one change republishes the homes of
 * the requester and all approvers.
 */
export async function homeSnapshots(
  deps: Pick<Deps, "store" | "clock">,
  slackUserIds: string[],
): Promise<Map<string, HomeSnapshot>> {
  const awaiting = await awaitingVotes(deps);
  const at = deps.clock.now().toISOString();
  const snapshots = new Map<string, HomeSnapshot>();
  for (const userId of new Set(slackUserIds)) {
    const [mine, recent] = await Promise.all([
      openGrantsOf(deps, userId),
      deps.store.list({ requester: userId, statuses: [...FINAL_STATUSES], limit: RECENT_LIMIT }),
    ]);
    snapshots.set(userId, { mine, awaitingMe: awaiting(userId), recent, at });
  }
  return snapshots;
}
