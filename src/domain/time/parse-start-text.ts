import { parseDuration } from "./parse-duration.js";
import { parseAt, type StartSpec } from "./start-spec.js";

/** A start as typed in the form: `in 3h`, or what `at` takes (`14:00`, `2026-12-02T14:00Z`), with or without the `at`. */
export function parseStartText(text: string): StartSpec {
  const trimmed = text.trim();
  const delay = /^in\s+(.+)$/i.exec(trimmed);
  if (delay) return { kind: "in", seconds: parseDuration(delay[1]!) };
  return parseAt(trimmed.replace(/^at\s+/i, ""));
}
