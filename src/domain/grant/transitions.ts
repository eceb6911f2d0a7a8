import { AjarError } from "../errors.js";
import type { Grant, GrantEvent, GrantStatus, Vote } from "./grant.js";

/**
 * The only moves a grant can make. Final statuses lead nowhere, so nothing can reopen a closed,
 * denied or failed grant; docs/architecture.md draws this table and a test keeps the two equal.
 */
export const GRANT_TRANSITIONS: Readonly<Record<GrantStatus, readonly GrantStatus[]>> = {
  requested: ["pending", "approved", "rejected", "denied", "expired", "cancelled", "failed"],
  pending: ["approved", "denied", "expired", "cancelled"],
  approved: ["active", "closed", "failed", "cancelled"],
  active: ["closed"],
  closed: [],
  denied: [],
  rejected: [],
  expired: [],
  cancelled: [],
  failed: [],
};

/**
 * How many events a grant's own history keeps, the newest: a normal life takes a dozen, and
 * extensions, moves and votes must not grow a record for as long as it lives. The audit stream
 * keeps them all.
 */
export const HISTORY_LIMIT = 24;

const appended = (history: GrantEvent[], event: GrantEvent): GrantEvent[] => [...history, event].slice(-HISTORY_LIMIT);

/** Every state change goes through here so history is never forgotten and versions always move. */
export function transition<G extends Grant>(
  grant: G,
  status: GrantStatus,
  event: Omit<GrantEvent, "type"> & { type?: string },
  patch: Partial<G> = {},
): G {
  if (!GRANT_TRANSITIONS[grant.status].includes(status)) {
    // A caller that reached here read a status it did not expect: refuse rather than rewrite history.
    throw new AjarError(
      "GRANT.STALE",
      `${grant.id} is ${grant.status} and cannot become ${status}; nothing was changed.`,
    );
  }
  return {
    ...grant,
    ...patch,
    status,
    version: grant.version + 1,
    history: appended(grant.history, {
      type: event.type ?? status,
      at: event.at,
      actor: event.actor,
      ...(event.detail ? { detail: event.detail } : {}),
    }),
  };
}

export function record<G extends Grant>(grant: G, event: GrantEvent, patch: Partial<G> = {}): G {
  return { ...grant, ...patch, version: grant.version + 1, history: appended(grant.history, event) };
}

export type VoteOutcome =
  | { kind: "recorded"; grant: Grant; remaining: number }
  | { kind: "approved"; grant: Grant }
  | { kind: "denied"; grant: Grant };

/**
 * A vote is valid only from an eligible approver, once, while the request is pending. Callers apply
 * the result with a compare-and-set on `version`, which makes simultaneous clicks resolve to one
 * decision.
 */
export function castVote(
  grant: Grant,
  voter: string,
  decision: Vote["decision"],
  now: Date,
  reason?: string,
): VoteOutcome {
  if (grant.status !== "pending") {
    throw new AjarError(
      "GRANT.STALE",
      `Request ${grant.id} is no longer waiting for a decision: it is ${grant.status}.`,
    );
  }
  // Past its deadline a request is decided (expired) even if the job that says so has not run yet.
  if (grant.pendingUntil && now.getTime() > Date.parse(grant.pendingUntil)) {
    throw new AjarError(
      "GRANT.STALE",
      `Request ${grant.id} expired at ${grant.pendingUntil} without a decision; the requester can ask again.`,
    );
  }
  if (!grant.approval.eligible.includes(voter)) {
    const self = voter === grant.requester.slackUserId;
    throw new AjarError(
      "APPROVAL.NOT_ELIGIBLE",
      self
        ? `You cannot approve or deny your own request ${grant.id}.`
        : `You are not an approver for request ${grant.id}; nothing was changed.`,
    );
  }
  if (grant.approval.votes.some((v) => v.slackUserId === voter)) {
    throw new AjarError("APPROVAL.ALREADY_VOTED", `You already voted on request ${grant.id}.`);
  }
  const at = now.toISOString();
  const vote: Vote = { slackUserId: voter, decision, at, ...(reason ? { reason } : {}) };
  const votes = [...grant.approval.votes, vote];
  const approval = { ...grant.approval, votes };

  if (decision === "deny") {
    return { kind: "denied", grant: transition(grant, "denied", { at, actor: voter, detail: reason }, { approval }) };
  }
  const approvals = votes.filter((v) => v.decision === "approve").length;
  if (approvals >= grant.approval.required) {
    return { kind: "approved", grant: transition(grant, "approved", { at, actor: voter }, { approval }) };
  }
  return {
    kind: "recorded",
    grant: record(grant, { type: "vote", at, actor: voter }, { approval }),
    remaining: grant.approval.required - approvals,
  };
}
