import { AjarError } from "../errors.js";

/** Longer than any sane access window; anything above is a typo (`30d` for `30m`) or an abuse. */
const MAX_DURATION_SECONDS = 30 * 86_400;

const UNIT_SECONDS = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;
const FORMS = "Use a number followed by s, m, h or d, e.g. 30m, 2h, 1h30m.";

// Units largest first, each at most once: "30m1h" is more likely a typo than an intent.
const COMPACT = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/i;
const COMPACT_SPACED = /^\d+[dhms](?:\s+\d+[dhms])+$/i;
// ISO-8601 as configuration and Defender write it. Years and months have no fixed length.
const ISO = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i;

export interface ParseDurationOptions {
  maxSeconds?: number;
}

/** Whole seconds from `90s`, `1h30m`, `1h 30m`, `1d2h` or ISO-8601 `PT30M`, `P1D`. */
export function parseDuration(text: string, options: ParseDurationOptions = {}): number {
  const maxSeconds = options.maxSeconds ?? MAX_DURATION_SECONDS;
  const trimmed = text.trim();
  const compact = COMPACT_SPACED.test(trimmed) ? trimmed.replace(/\s+/g, "") : trimmed;
  const seconds = compactSeconds(compact) ?? isoSeconds(compact);
  if (seconds === undefined) throw invalid(explain(trimmed, compact));
  if (seconds <= 0) throw invalid(`"${text}" is zero; ask for at least 1m.`);
  if (seconds > maxSeconds) {
    throw invalid(`"${text}" is longer than the ${formatMax(maxSeconds)} maximum; ask for less.`);
  }
  return seconds;
}

function compactSeconds(text: string): number | undefined {
  const match = COMPACT.exec(text);
  if (match === null || text === "") return undefined;
  const [, d, h, m, s] = match;
  return sum([
    [d, UNIT_SECONDS.d],
    [h, UNIT_SECONDS.h],
    [m, UNIT_SECONDS.m],
    [s, UNIT_SECONDS.s],
  ]);
}

function isoSeconds(text: string): number | undefined {
  const match = ISO.exec(text);
  if (match === null) return undefined;
  const [, w, d, h, m, s] = match;
  const hasTime = /T/i.test(text);
  // "P" and "PT" alone match the pattern but name no length.
  if ([w, d, h, m, s].every((n) => n === undefined)) return undefined;
  if (hasTime && [h, m, s].every((n) => n === undefined)) return undefined;
  return sum([
    [w, 7 * UNIT_SECONDS.d],
    [d, UNIT_SECONDS.d],
    [h, UNIT_SECONDS.h],
    [m, UNIT_SECONDS.m],
    [s, UNIT_SECONDS.s],
  ]);
}

function sum(parts: [string | undefined, number][]): number | undefined {
  let total = 0;
  for (const [digits, unit] of parts) {
    if (digits === undefined) continue;
    // Past 9 digits the number is a typo and would lose precision anyway.
    if (digits.length > 9) return Number.POSITIVE_INFINITY;
    total += Number(digits) * unit;
  }
  return total;
}

/** Names the most likely mistake, so the user does not have to guess from a generic message. */
function explain(text: string, compact: string): string {
  if (text === "") return `A duration is required. ${FORMS}`;
  if (/^\d+$/.test(text)) return `"${text}" has no unit. ${FORMS}`;
  if (/^-/.test(text)) return `"${text}" is not a duration: it must be positive. ${FORMS}`;
  if (/\d[.,]\d/.test(text)) return `"${text}" is not a duration: use whole numbers, e.g. 1h30m instead of 1.5h.`;
  if (/^(\d+[dhms])+$/i.test(compact)) {
    return `"${text}" is not a duration: write each unit once, largest first, e.g. 1h30m.`;
  }
  if (/^P[^T]*\d[YM]/i.test(text)) {
    return `"${text}" is not a duration I can use: years and months have no fixed length. Use days, e.g. P30D (PT30M is 30 minutes).`;
  }
  return `"${text}" is not a duration. ${FORMS}`;
}

function invalid(message: string): AjarError {
  return new AjarError("INPUT.INVALID", message);
}

function formatMax(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}-day`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600}-hour`;
  if (seconds % 60 === 0) return `${seconds / 60}-minute`;
  return `${seconds}-second`;
}
