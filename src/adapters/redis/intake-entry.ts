import type { IntakeNext } from "../../app/ports/grant-intake.port.js";

/** An intake list entry: the grant and the job it waits for, e.g. `authorize g-abc` or `source-link-expiry g-abc 1767225600000`. */
export type IntakeEntry = { grantId: string; next: Exclude<IntakeNext, { kind: "none" }> };

export const intakeKeys = (prefix: string) => ({
  /** New entries, pushed on the left, taken from the right (oldest first). */
  waiting: `${prefix}intake`,
  /** Entries being handed to the job queue; removed once their job is queued. */
  handing: `${prefix}intake:handing`,
});

export function encodeIntakeEntry(grantId: string, next: IntakeNext): string | undefined {
  if (next.kind === "none") return undefined;
  return next.kind === "authorize" ? `authorize ${grantId}` : `source-link-expiry ${grantId} ${next.at.getTime()}`;
}

export function decodeIntakeEntry(entry: string): IntakeEntry | undefined {
  const [kind, grantId, at] = entry.split(" ");
  if (!grantId) return undefined;
  if (kind === "authorize") return { grantId, next: { kind } };
  if (kind === "source-link-expiry" && Number.isFinite(Number(at)))
    return { grantId, next: { kind, at: new Date(Number(at)) } };
  return undefined;
}
