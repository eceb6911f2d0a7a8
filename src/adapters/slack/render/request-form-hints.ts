import type { Policy } from "../../../domain/policy/policy.js";
import { formatDuration } from "../../../domain/time/format-duration.js";

/** One line per policy, so the form says the limits before anyone submits. */
export function durationHint(policies: Policy[]): string {
  const limits = policies.map(
    (p) =>
      `${p.name}: ${formatDuration(p.minDurationSeconds)} to ${formatDuration(p.maxDurationSeconds)}, default ${formatDuration(p.defaultDurationSeconds)}`,
  );
  return `Like 30m, 2h or 1h30m; empty means the policy's default.${limits.length ? ` ${limits.join("; ")}.` : ""}`;
}

/** Hints from policies that require a reason, so nobody learns it from a refusal. */
export function justificationHint(policies: Policy[]): string | undefined {
  const hints = policies
    .filter((p) => p.justification.required || p.justification.pattern)
    .map(
      (p) =>
        `${p.name}: ${p.justification.hint ?? (p.justification.required ? "required" : `must match ${p.justification.pattern}`)}`,
    );
  return hints.length ? `Required by some policies (${hints.join("; ")}).` : undefined;
}
