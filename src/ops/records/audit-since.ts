import { AjarError } from "../../domain/errors.js";
import { parseDuration } from "../../domain/time/parse-duration.js";

/** `--since` takes a look-back (`24h`, `7d`, `PT1H`) or an absolute ISO-8601 time. */
export function parseSince(text: string, now: Date): Date {
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const at = new Date(text);
    if (Number.isNaN(at.getTime())) throw new AjarError("INPUT.INVALID", `--since ${text}: not a valid date/time.`);
    return at;
  }
  // The audit trail may reach back further than any grant may last: allow a year.
  return new Date(now.getTime() - parseDuration(text, { maxSeconds: 366 * 86_400 }) * 1000);
}
