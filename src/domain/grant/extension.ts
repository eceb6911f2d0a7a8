import { AjarError, isAjarError } from "../errors.js";
import type { Policy } from "../policy/policy.js";
import { formatDuration } from "../time/format-duration.js";
import type { AuthorizedGrant, Grant, Vote } from "./grant.js";
import { record } from "./transitions.js";

/** Only an open grant that is not closing can be extended. */
export function assertExtendable<G extends Grant>(
  grant: G,
  now?: Date,
): asserts grant is G & { status: "active"; expiresAt: string; openedAt: string } {
  if (grant.status !== "active" || !grant.expiresAt || !grant.openedAt) {
    throw new AjarError(
      "GRANT.STALE",
      `${grant.id} is not open (it is ${grant.status}), so it cannot be extended. Make a new request instead.`,
    );
  }
  // A grant being closed (revoked, or past its end) stays closed: an extension never brings a rule back.
  if (grant.ending || (now && Date.parse(grant.expiresAt) <= now.getTime())) {
    throw new AjarError("GRANT.STALE", `${grant.id} is closing, so it cannot be extended. Make a new request instead.`);
  }
}

/**
 * Whether an active grant may be pushed back by `seconds`: the whole window, from opening to the new
 * end, must stay within what the policy allows for the port. Returns the new end.
 */
export function checkExtension(grant: Grant, policy: Policy, seconds: number, now?: Date): Date {
  assertExtendable(grant, now);
  const port = policy.ports.find((p) => p.port === grant.target.port);
  const max = Math.min(policy.maxDurationSeconds, port?.maxDurationSeconds ?? Infinity);
  const opened = Date.parse(grant.openedAt);
  const newEnd = new Date(Date.parse(grant.expiresAt) + seconds * 1000);
  const total = (newEnd.getTime() - opened) / 1000;
  if (total > max) {
    const room = Math.max(0, max - (Date.parse(grant.expiresAt) - opened) / 1000);
    throw new AjarError(
      "POLICY.VIOLATION",
      room > 0
        ? `That would keep ${grant.id} open for ${formatDuration(total)} in all, over the ${formatDuration(max)} limit. You can extend by up to ${formatDuration(room)}.`
        : `${grant.id} already has the longest window this VM allows (${formatDuration(max)}).`,
    );
  }
  return newEnd;
}

/**
 * The grant with its window pushed back by `seconds`: the new end goes on the record and into the
 * rule descriptions, and any extension that was waiting is settled. Applied in the same
 * compare-and-set as the decision that allowed it, so it happens once whoever clicks.
 */
export function extendWindow(grant: Grant, policy: Policy, seconds: number, now: Date, actor: string): AuthorizedGrant {
  assertExtendable(grant, now);
  const newEnd = checkExtension(grant, policy, seconds, now);
  const { pendingExtension: _settled, ...rest } = grant;
  return record(
    rest as AuthorizedGrant,
    { type: "extended", at: now.toISOString(), actor, detail: `+${seconds}s until ${newEnd.toISOString()}` },
    {
      expiresAt: newEnd.toISOString(),
      ruleEnd: newEnd.toISOString(),
      durationSeconds: grant.durationSeconds + seconds,
    },
  );
}

/** Seconds the grant's window can still grow by under its policy. */
export function extensionRoom(grant: AuthorizedGrant, policy: Policy): number {
  if (!grant.expiresAt || !grant.openedAt) return 0;
  const port = policy.ports.find((p) => p.port === grant.target.port);
  const max = Math.min(policy.maxDurationSeconds, port?.maxDurationSeconds ?? Infinity);
  return Math.max(0, Math.floor(max - (Date.parse(grant.expiresAt) - Date.parse(grant.openedAt)) / 1000));
}

export type ExtensionVoteOutcome =
  | { kind: "recorded"; grant: AuthorizedGrant; remaining: number }
  | { kind: "approved"; grant: AuthorizedGrant; durationSeconds: number }
  | { kind: "denied"; grant: AuthorizedGrant };

/**
 * A vote on an extension of an active grant: the same approvers and threshold as the original
 * request. The grant stays active either way; approval only clears the way for the extension.
 */
export function castExtensionVote(
  grant: AuthorizedGrant,
  voter: string,
  decision: Vote["decision"],
  now: Date,
  reason?: string,
): ExtensionVoteOutcome {
  const pending = grant.pendingExtension;
  if (grant.status !== "active" || !pending) {
    throw new AjarError("GRANT.STALE", `There is no extension of ${grant.id} waiting for a decision.`);
  }
  if (!grant.approval.eligible.includes(voter)) {
    throw new AjarError(
      "APPROVAL.NOT_ELIGIBLE",
      voter === grant.requester.slackUserId
        ? `You cannot approve the extension of your own grant ${grant.id}.`
        : `You are not an approver for ${grant.id}; nothing was changed.`,
    );
  }
  if (pending.votes.some((v) => v.slackUserId === voter)) {
    throw new AjarError("APPROVAL.ALREADY_VOTED", `You already voted on the extension of ${grant.id}.`);
  }
  const at = now.toISOString();
  const votes = [...pending.votes, { slackUserId: voter, decision, at, ...(reason ? { reason } : {}) }];
  if (decision === "deny") {
    const { pendingExtension: _dropped, ...rest } = grant;
    return {
      kind: "denied",
      grant: record(rest as AuthorizedGrant, {
        type: "extension-denied",
        at,
        actor: voter,
        ...(reason ? { detail: reason } : {}),
      }),
    };
  }
  const approvals = votes.filter((v) => v.decision === "approve").length;
  if (approvals >= grant.approval.required) {
    return {
      kind: "approved",
      grant: record(
        grant,
        { type: "extension-approved", at, actor: voter },
        { pendingExtension: { ...pending, votes } },
      ),
      durationSeconds: pending.durationSeconds,
    };
  }
  return {
    kind: "recorded",
    grant: record(grant, { type: "extension-vote", at, actor: voter }, { pendingExtension: { ...pending, votes } }),
    remaining: grant.approval.required - approvals,
  };
}

/** Why an approved extension could not be applied, recorded so the requester can ask again. */
export function extensionFailed(grant: Grant, error: unknown, at: string, actor: string): Grant {
  const { pendingExtension: _dropped, ...rest } = grant;
  return record(rest as Grant, {
    type: "extension-failed",
    at,
    actor,
    detail: isAjarError(error) ? error.userMessage : String(error),
  });
}
