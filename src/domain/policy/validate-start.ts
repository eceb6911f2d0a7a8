import { AjarError } from "../errors.js";
import { formatDuration } from "../time/format-duration.js";

/** By default a start may be booked up to a week ahead. */
export const DEFAULT_MAX_LEAD_SECONDS = 7 * 24 * 3600;
/** Typing takes time: a start that passed this recently still counts as "now". */
const PAST_TOLERANCE_MS = 60_000;

/**
 * A later start must lie ahead, and not further than `maxLeadSeconds`: approvers decide on a window
 * they can still judge, and a forgotten booking cannot open months later.
 */
export function validateStart(startAt: Date, now: Date, maxLeadSeconds = DEFAULT_MAX_LEAD_SECONDS): void {
  const ahead = startAt.getTime() - now.getTime();
  if (ahead < -PAST_TOLERANCE_MS) {
    throw new AjarError(
      "POLICY.VIOLATION",
      `The start ${startAt.toISOString()} is in the past. Leave the start out to open as soon as approved, or pick a later time.`,
    );
  }
  if (ahead > maxLeadSeconds * 1000) {
    throw new AjarError(
      "POLICY.VIOLATION",
      `The start ${startAt.toISOString()} is more than ${formatDuration(maxLeadSeconds)} ahead; ask again closer to the time.`,
    );
  }
}
