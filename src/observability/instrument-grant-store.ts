import type { GrantIntake } from "../app/ports/grant-intake.port.js";
import type { GrantQuery, GrantStore } from "../app/ports/grant-store.port.js";
import type { Grant } from "../domain/grant/grant.js";
import { ExpiringMap } from "../domain/time/expiring-map.js";
import type { Metrics } from "./metrics.js";

interface Seen {
  status: Grant["status"];
  votes: number;
}

/** Copies remembered: a use case reads then replaces within seconds, so a few minutes and a few thousand are plenty. */
const MEMORY = 2000;
const MEMORY_MS = 10 * 60_000;

/**
 * A GrantStore that turns successful writes into metrics: grants reaching a status, approvers'
 * votes, and how late expired grants closed. Every change goes through a compare-and-set `replace`
 * that exactly one process wins, so each transition is counted once across all processes.
 *
 * What changed is judged against the copy this process last read (use cases always read, change,
 * then replace). Without one, the newest history event stands in for the change.
 */
export function instrumentGrantStore(store: GrantStore, metrics: Metrics): GrantStore {
  const seen = new ExpiringMap<string, Seen>(MEMORY_MS, MEMORY);
  const remember = (grant: Grant | undefined): void => {
    if (grant) seen.set(`${grant.id}@${grant.version}`, { status: grant.status, votes: grant.approval.votes.length });
  };

  const observe = (grant: Grant, expectedVersion: number): void => {
    const before = seen.get(`${grant.id}@${expectedVersion}`);
    const last = grant.history[grant.history.length - 1];
    const newVotes = before
      ? grant.approval.votes.slice(before.votes)
      : grant.approval.votes.filter((v) => last !== undefined && v.slackUserId === last.actor && v.at === last.at);
    for (const vote of newVotes) metrics.approval(vote.decision);

    const statusChanged = before
      ? before.status !== grant.status
      : last !== undefined && (last.type === grant.status || grant.status === "closed");
    if (!statusChanged) return;
    metrics.grantOutcome(grant.status, grant.status === "closed" ? grant.closeReason : undefined);
    if (grant.status === "closed" && grant.closeReason === "expired" && grant.expiresAt && grant.closedAt) {
      metrics.closeLateness((Date.parse(grant.closedAt) - Date.parse(grant.expiresAt)) / 1000);
    }
  };

  return {
    async create(grant) {
      await store.create(grant);
      metrics.grantOutcome(grant.status);
      remember(grant);
    },
    async get(id) {
      const grant = await store.get(id);
      remember(grant);
      return grant;
    },
    async replace(grant, expectedVersion) {
      const ok = await store.replace(grant, expectedVersion);
      if (ok) {
        observe(grant, expectedVersion);
        remember(grant);
      }
      return ok;
    },
    list: (query: GrantQuery) => store.list(query),
    countOpen: () => store.countOpen(),
  };
}

/** New grants count as `requested` once their intake write succeeded, as a created record did before. */
export function instrumentGrantIntake(intake: GrantIntake, metrics: Metrics): GrantIntake {
  return {
    async submit(grant, audit, next) {
      await intake.submit(grant, audit, next);
      metrics.grantOutcome(grant.status);
    },
  };
}
