import { AjarError } from "../errors.js";

/** When a request should open, as typed: relative (`in 3h`) or a wall-clock time or instant (`at …`). */
export type StartSpec =
  | { kind: "in"; seconds: number }
  /** `at 14:00`: the next 14:00 in the requester's time zone. */
  | { kind: "time"; hour: number; minute: number }
  /** `at 2026-12-02T14:00Z`; without a zone, in the requester's time zone. */
  | {
      kind: "datetime";
      year: number;
      month: number;
      day: number;
      hour: number;
      minute: number;
      second: number;
      offsetMinutes?: number;
    };

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?(Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?$/i;

/** Reads what follows `at`; the message says which forms work. */
export function parseAt(text: string): StartSpec {
  const time = TIME.exec(text);
  if (time) return { kind: "time", hour: Number(time[1]), minute: Number(time[2]) };
  const dt = DATETIME.exec(text);
  if (dt) {
    const [, y, mo, d, h, mi, sec, zone] = dt;
    const month = Number(mo);
    const day = Number(d);
    if (month < 1 || month > 12 || day < 1 || day > 31)
      throw new AjarError("INPUT.INVALID", `"${text}" is not a date: use YYYY-MM-DD, e.g. 2026-12-02T14:00Z.`);
    return {
      kind: "datetime",
      year: Number(y),
      month,
      day,
      hour: Number(h),
      minute: Number(mi),
      second: Number(sec ?? 0),
      ...(zone ? { offsetMinutes: zoneMinutes(zone) } : {}),
    };
  }
  throw new AjarError(
    "INPUT.INVALID",
    `"${text}" is not a start time. Use a time of day (at 14:00, your Slack time zone), a date and time (at 2026-12-02T14:00Z), or a delay (in 3h).`,
  );
}

function zoneMinutes(zone: string): number {
  if (zone.toUpperCase() === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
}

/** Minutes `timeZone` is ahead of UTC at instant `at`; unknown zones count as UTC. */
function offsetAt(at: number, timeZone: string): number {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    }).formatToParts(at);
  } catch {
    return 0;
  }
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(at / 1000) * 1000) / 60_000);
}

/** The UTC instant of a wall-clock time in `timeZone` (DST-aware: the offset is taken at that instant). */
function wallClock(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const first = guess - offsetAt(guess, timeZone) * 60_000;
  return guess - offsetAt(first, timeZone) * 60_000;
}

/** Today's date in `timeZone`. */
function dateIn(at: number, timeZone: string): { year: number; month: number; day: number } {
  const local = new Date(at + offsetAt(at, timeZone) * 60_000);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

/** The instant a spec names, seen from `now` by someone in `timeZone` (an IANA name such as Europe/Amsterdam). */
export function resolveStart(spec: StartSpec, now: Date, timeZone = "UTC"): Date {
  const t = now.getTime();
  switch (spec.kind) {
    case "in":
      return new Date(t + spec.seconds * 1000);
    case "datetime":
      if (spec.offsetMinutes !== undefined)
        return new Date(
          Date.UTC(spec.year, spec.month - 1, spec.day, spec.hour, spec.minute, spec.second) -
            spec.offsetMinutes * 60_000,
        );
      return new Date(
        wallClock(spec.year, spec.month, spec.day, spec.hour, spec.minute, timeZone) + spec.second * 1000,
      );
    case "time": {
      const today = dateIn(t, timeZone);
      const at = wallClock(today.year, today.month, today.day, spec.hour, spec.minute, timeZone);
      if (at > t) return new Date(at);
      const tomorrow = new Date(Date.UTC(today.year, today.month - 1, today.day + 1));
      return new Date(
        wallClock(
          tomorrow.getUTCFullYear(),
          tomorrow.getUTCMonth() + 1,
          tomorrow.getUTCDate(),
          spec.hour,
          spec.minute,
          timeZone,
        ),
      );
    }
  }
}

/** Does the spec need the requester's time zone to be resolved? */
export const needsTimeZone = (spec: StartSpec): boolean =>
  spec.kind === "time" || (spec.kind === "datetime" && spec.offsetMinutes === undefined);
