import type { Deps } from "../deps.js";
import { loadGrant, rememberMessages } from "../shared/mutate-grant.js";

/**
 * Reminds approvers who have not voted, then schedules the next reminder at twice the interval,
 * as long as it falls before the request expires.
 */
export async function remindApprovers(deps: Deps, grantId: string, round: number): Promise<void> {
  const grant = await loadGrant(deps.store, grantId);
  if (grant.status !== "pending") return;
  const voted = new Set(grant.approval.votes.map((v) => v.slackUserId));
  const waiting = grant.approval.eligible.filter((u) => !voted.has(u));
  if (waiting.length > 0) {
    await rememberMessages(deps.store, grantId, await deps.notifier.remindApprovers(grant, waiting));
  }
  deps.logger.info({ grantId, round, approvers: waiting.length }, "approvers reminded");

  const next = deps.clock.now().getTime() + deps.settings.reminderAfterSeconds * 1000 * 2 ** round;
  if (!grant.pendingUntil || next < Date.parse(grant.pendingUntil)) {
    await deps.jobs.scheduleReminder(grantId, new Date(next), round + 1);
  }
}
