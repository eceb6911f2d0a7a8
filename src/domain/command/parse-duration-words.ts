import { isAjarError } from "../errors.js";
import { parseDuration } from "../time/parse-duration.js";
import type { Token } from "./tokenize.js";
import { usageError } from "./usage.js";

const COMPONENT = /^\d+[dhms]$/i;

/** Does this word read as an attempt at a duration (so a failure should explain durations)? */
export function looksLikeDuration(word: string): boolean {
  return /^[0-9]/.test(word) || /^P(T|[0-9])/i.test(word);
}

/**
 * Reads a duration starting at `tokens[at]`, joining "1h 30m" typed with a space.
 * Returns the seconds and how many tokens were used.
 */
export function parseDurationWords(tokens: Token[], at: number, usage: string): { seconds: number; used: number } {
  let used = 1;
  while (COMPONENT.test(tokens[at]?.value ?? "") && COMPONENT.test(tokens[at + used]?.value ?? "")) used += 1;
  const text = tokens
    .slice(at, at + used)
    .map((t) => t.value)
    .join(" ");
  try {
    return { seconds: parseDuration(text), used };
  } catch (error) {
    if (isAjarError(error)) throw usageError(error.userMessage, usage);
    throw error;
  }
}
