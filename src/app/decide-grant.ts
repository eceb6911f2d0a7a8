import type { Vote } from "../domain/grant/grant.js";
import { castExtensionVote, type ExtensionVoteOutcome } from "../domain/grant/extension.js";
import { castVote, type VoteOutcome } from "../domain/grant/transitions.js";
import { announce } from "./announce.js";
import { auditGrant } from "./audit-grant.js";
import type { Deps } from "./deps.js";
import { applyExtension } from "./extend-grant.js";
import { mutateGrant } from "./mutate-grant.js";
import { openWhenDue } from "./open-when-due.js";
import { followLeader } from "./follow-leader.js";

export type DecisionOutcome = VoteOutcome["kind"] | `extension-${VoteOutcome["kind"]}`;

type Cast = { on: "request"; outcome: VoteOutcome } | { on: "extension"; outcome: ExtensionVoteOutcome };

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
  let cast: Cast | undefined;
  const saved = await mutateGrant(deps.store, grantId, (g) => {
    const now = deps.clock.now();
    cast =
      g.status === "active" && g.pendingExtension
        ? { on: "extension", outcome: castExtensionVote(g, voter, decision, now, reason) }
        : { on: "request", outcome: castVote(g, voter, decision, now, reason) };
    return cast.outcome.grant;
  });
  if (!saved || !cast) throw new Error("vote was not stored");
  const grant = saved.after;
  const { on, outcome } = cast;
  const kind = outcome.kind;
  const prefix = on === "extension" ? "extension-" : "";
  await auditGrant(deps.audit, grant, kind === "recorded" ? `${prefix}vote-${decision}` : `${prefix}${kind}`, voter, reason);
  deps.logger.info({ grantId, voter, decision, outcome: kind, on }, "vote recorded");

  if (kind === "recorded") await announce(deps, grant);
  else if (on === "request") {
    if (kind === "approved") await openWhenDue(deps, grant);
    await followLeader(deps, grant.id);
    await announce(deps, grant, kind);
  } else if (outcome.kind === "approved") await applyExtension(deps, grantId, outcome.durationSeconds, voter);
  else await announce(deps, grant, "extension-denied");
  return `${prefix}${kind}` as DecisionOutcome;
}
