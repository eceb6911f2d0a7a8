import type { Deps } from "./deps.js";

/**
 * The jobs that end an active grant: its one close job (moved if it exists) and the heads-up before
 * it, when there is still time for one.
 */
export async function scheduleEnd(deps: Pick<Deps, "jobs" | "settings" | "clock">, grantId: string, end: Date): Promise<void> {
  await deps.jobs.scheduleClose(grantId, end);
  const notice = end.getTime() - deps.settings.expiryNoticeSeconds * 1000;
  if (deps.settings.expiryNoticeSeconds > 0 && notice > deps.clock.now().getTime()) {
    await deps.jobs.scheduleExpiryNotice(grantId, new Date(notice));
  }
}
