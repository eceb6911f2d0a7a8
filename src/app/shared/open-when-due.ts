import type { Grant } from "../../domain/grant/grant.js";
import type { Deps } from "../deps.js";

/** An approved grant opens now, or at its later start (`at …` / `in …`) when that is still ahead. */
export async function openWhenDue(deps: Pick<Deps, "jobs" | "clock">, grant: Grant): Promise<void> {
  const start = grant.startAt ? Date.parse(grant.startAt) : Number.NaN;
  if (start > deps.clock.now().getTime()) await deps.jobs.scheduleOpen(grant.id, new Date(start));
  else await deps.jobs.open(grant.id);
}

/** A request with a later start may be approved until it starts; others wait the configured time. */
export function pendingDeadline(grant: Grant, now: Date, pendingTimeoutSeconds: number): Date {
  const start = grant.startAt ? Date.parse(grant.startAt) : Number.NaN;
  return start > now.getTime() ? new Date(start) : new Date(now.getTime() + pendingTimeoutSeconds * 1000);
}
