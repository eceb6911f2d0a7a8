import { FINAL_STATUSES, OPEN_STATUSES, type Grant } from "../../domain/grant/grant.js";
import type { HomeSnapshot } from "../ports/grant-notifier.port.js";
import type { Deps } from "../deps.js";

export const RECENT_LIMIT = 10;

/** A person's latest finished grants, newest first. */
export function recentGrantsFor(deps: Pick<Deps, "store">, slackUserId: string, limit = RECENT_LIMIT): Promise<Grant[]> {
  return deps.store.list({ requester: slackUserId, statuses: [...FINAL_STATUSES], limit });
}

/** Same rule as /jit list: eligible, and not voted yet. */
const awaits = (grant: Grant, slackUserId: string): boolean =>
  grant.approval.eligible.includes(slackUserId) && !grant.approval.votes.some((v) => v.slackUserId === slackUserId);

/**
 * What each person's App Home shows. The pending requests are read once for everyone: one change
 * republishes the homes of the requester and all approvers, and that list is the expensive read.
 */
export async function homeSnapshots(deps: Pick<Deps, "store" | "clock">, slackUserIds: string[]): Promise<Map<string, HomeSnapshot>> {
  const pending = await deps.store.list({ statuses: ["pending"], limit: 500 });
  const at = deps.clock.now().toISOString();
  const snapshots = new Map<string, HomeSnapshot>();
  for (const userId of new Set(slackUserIds)) {
    const [mine, recent] = await Promise.all([
      deps.store.list({ requester: userId, statuses: [...OPEN_STATUSES], limit: 50 }),
      recentGrantsFor(deps, userId),
    ]);
    snapshots.set(userId, { mine, awaitingMe: pending.filter((g) => awaits(g, userId)), recent, at });
  }
  return snapshots;
}
