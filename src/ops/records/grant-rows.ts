import type { GrantQuery, GrantStore } from "../../app/ports/grant-store.port.js";
import { subjectOf, windowOf } from "../../domain/grant/grant-subject.js";
import type { Grant, GrantStatus } from "../../domain/grant/grant.js";
import { formatDuration } from "../../domain/time/format-duration.js";

export interface GrantFilter {
  active?: boolean;
  user?: string;
  vm?: string;
  limit?: number;
}

/** `ajar grants` filters: --active means rules are open right now. */
export function listGrants(store: GrantStore, filter: GrantFilter): Promise<Grant[]> {
  const query: GrantQuery = { limit: filter.limit ?? 50 };
  if (filter.active) query.statuses = ["active"] satisfies GrantStatus[];
  if (filter.user) query.requester = filter.user;
  if (filter.vm) query.vmName = filter.vm;
  return store.list(query);
}

/** When the grant is or was in effect, relative to now where that reads better. */
function timing(grant: Grant, now: Date): string {
  if (grant.status === "active" && grant.expiresAt) {
    const left = Math.round((Date.parse(grant.expiresAt) - now.getTime()) / 1000);
    return left > 0 ? `closes in ${formatDuration(left)} (${grant.expiresAt})` : `overdue since ${grant.expiresAt}`;
  }
  if (grant.closedAt) return `closed ${grant.closedAt}${grant.closeReason ? ` (${grant.closeReason})` : ""}`;
  const window = windowOf(grant);
  return `asked ${grant.createdAt} for ${window === undefined ? "the policy's default" : formatDuration(window)}`;
}

export function formatGrantRows(grants: Grant[], now: Date): string[] {
  if (grants.length === 0) return ["No grants match."];
  return grants.map((g) =>
    [
      g.id,
      g.status.padEnd(9),
      `${subjectOf(g).vmName}:${subjectOf(g).port}`.padEnd(20),
      g.requester.slackUserId.padEnd(11),
      g.source.padEnd(18),
      timing(g, now),
    ].join("  "),
  );
}
