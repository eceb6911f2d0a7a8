import type { Vote } from "../domain/grant/grant.js";
import { castExtensionVote } from "../domain/grant/extension.js";
import { castVote, type VoteOutcome } from "../domain/grant/transitions.js";
import { announce } from "./announce.js";
import { auditGrant } from "./audit-grant.js";
import type { Deps } from "./deps.js";
import { applyExtension } from "./extend-grant.js";
import { loadGrant, mutateGrant } from "./mutate-grant.js";
import { publishHomes } from "./publish-homes.js";

/**
 * An approver's vote, from a Slack button or any other entry point: on a pending request, or on the
 * extension of an active grant. The vote and the decision it may complete are one compare-and-set,
 * so simultaneous clicks produce exactly one open job (or one extension).
 */
export async function decideGrant(
  deps: Deps,
  grantId: string,
  voter: string,
  decision: Vote["decision"],
  reason?: string,
): Promise<DecisionOutcome> {
  const current = await loadGrant(deps.store, grantId);
  if (current.status === "active" && current.pendingExtension) return decideExtension(deps, grantId, voter, decision, reason);

  let outcome: VoteOutcome | undefined;
  const saved = await mutateGrant(deps.store, grantId, (g) => {
    outcome = castVote(g, voter, decision, deps.clock.now(), reason);
    return outcome.grant;
  });
  if (!saved || !outcome) throw new Error("vote was not stored");
  const grant = saved.after;
  const kind = outcome.kind;
  await auditGrant(deps.audit, grant, kind === "recorded" ? `vote-${decision}` : kind, voter, reason);
  deps.logger.info({ grantId, voter, decision, outcome: kind }, "vote recorded");

  if (kind === "approved") await deps.jobs.open(grant.id);
  if (kind === "recorded") {
    await deps.notifier.refresh(grant).catch((error: unknown) => deps.logger.warn({ grantId, err: String(error) }, "could not refresh messages"));
    await publishHomes(deps, [grant.requester.slackUserId, ...grant.approval.eligible]);
  } else {
    await announce(deps, grant, kind);
  }
  return kind;
}

export type DecisionOutcome = VoteOutcome["kind"] | `extension-${VoteOutcome["kind"]}`;

async function decideExtension(deps: Deps, grantId: string, voter: string, decision: Vote["decision"], reason?: string): Promise<DecisionOutcome> {
  let outcome: ReturnType<typeof castExtensionVote> | undefined;
  const saved = await mutateGrant(deps.store, grantId, (g) => {
    outcome = castExtensionVote(g, voter, decision, deps.clock.now(), reason);
    return outcome.grant;
  });
  if (!saved || !outcome) throw new Error("vote was not stored");
  const kind = outcome.kind;
  await auditGrant(deps.audit, saved.after, kind === "recorded" ? `extension-vote-${decision}` : `extension-${kind}`, voter, reason);
  deps.logger.info({ grantId, voter, decision, outcome: kind }, "extension vote recorded");
  if (outcome.kind === "approved") {
    await applyExtension(deps, grantId, outcome.durationSeconds, voter);
  } else if (outcome.kind === "denied") {
    await announce(deps, saved.after, "extension-denied");
  } else {
    await deps.notifier.refresh(saved.after).catch((error: unknown) => deps.logger.warn({ grantId, err: String(error) }, "could not refresh messages"));
  }
  return `extension-${kind}`;
}
