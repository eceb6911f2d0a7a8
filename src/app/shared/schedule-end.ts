import type { Grant } from "../../domain/grant/grant.js";
import type { Deps } from "../deps.js";

/**
 * What ends a grant on time: a reconcile of each of its NSGs at its end (deduplicated per NSG and
 * instant), and the heads-up before it when there is still time for one. Scheduled before any rule
 * is written and again whenever the end moves, so a crash at any point still closes on time.
 */
export async function scheduleEnd(
  deps: Pick<Deps, "jobs" | "reconciles" | "settings" | "clock">,
  grant: Grant,
  end: Date,
): Promise<void> {
  if (grant.network) await deps.reconciles.request(grant.network.nsgIds, end);
  const notice = end.getTime() - deps.settings.expiryNoticeSeconds * 1000;
  if (grant.status === "active" && deps.settings.expiryNoticeSeconds > 0 && notice > deps.clock.now().getTime()) {
    await deps.jobs.scheduleExpiryNotice(grant.id, new Date(notice));
  }
}
