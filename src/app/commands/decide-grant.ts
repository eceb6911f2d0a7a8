import { isAjarError } from "../../domain/errors.js";
import {
  castExtensionVote,
  extendWindow,
  extensionFailed,
  type ExtensionVoteOutcome,
} from "../../domain/grant/extension.js";
import type { Grant, Vote } from "../../domain/grant/grant.js";
import { castVote, type VoteOutcome } from "../../domain/grant/transitions.js";
import type { Deps } from "../deps.js";
import { announce } from "../jobs/announce-grant.js";
import { afterExtension } from "../shared/after-extension.js";
import { auditGrant } from "../shared/audit-grant.js";
import { extensionPolicyOf } from "../shared/extension-policy-of.js";
import { followLeader } from "../shared/follow-leader.js";
import { mutateGrant } from "../shared/mutate-grant.js";
import { openWhenDue } from "../shared/open-when-due.js";

export type DecisionOutcome = VoteOutcome["kind"] | `extension-${VoteOutcome["kind"]}` | "extension-failed";

type Cast =
  | { on: "request"; outcome: VoteOutcome }
  | { on: "extension"; outcome: ExtensionVoteOutcome | { kind: "failed"; grant: Grant } };

/**
 * An approver's vote, from a Slack button or any other entry point: on a pending request, or on the
 * extension of an active grant. The vote and what it decides are one compare-and-set: simultaneous
 * clicks produce exactly one open job, and an approved extension is applied in that same write, so a
 * second approver's click finds nothing left to approve.
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
    if (g.status === "active" && g.pendingExtension) {
      const outcome = castExtensionVote(g, voter, decision, now, reason);
      cast = { on: "extension", outcome };
      if (outcome.kind === "approved") {
        try {
          cast = {
            on: "extension",
            outcome: {
              ...outcome,
              grant: extendWindow(outcome.grant, extensionPolicyOf(deps, g), outcome.durationSeconds, now, voter),
            },
          };
        } catch (error) {
          if (!isAjarError(error)) throw error;
          cast = {
            on: "extension",
            outcome: { kind: "failed", grant: extensionFailed(outcome.grant, error, now.toISOString(), voter) },
          };
        }
      }
    } else {
      cast = { on: "request", outcome: castVote(g, voter, decision, now, reason) };
    }
    return cast.outcome.grant;
  });
  if (!saved || !cast) throw new Error("vote was not stored");
  const grant = saved.after;
  const { on, outcome } = cast;
  const kind: string = outcome.kind;
  const prefix = on === "extension" ? "extension-" : "";
  await auditGrant(
    deps.audit,
    grant,
    kind === "recorded" ? `${prefix}vote-${decision}` : `${prefix}${kind}`,
    voter,
    reason,
  );
  deps.logger.info({ grantId, voter, decision, outcome: kind, on }, "vote recorded");

  if (kind === "recorded") await announce(deps, grant);
  else if (on === "request") {
    // The open is queued first and the news after it, off the click's path: a burst of approvals
    // reaches Azure without waiting for every message to be redrawn.
    if (kind === "approved") await openWhenDue(deps, grant);
    await followLeader(deps, grant.id);
    await deps.jobs.announce(grant.id, kind as "approved" | "denied");
  } else if (kind === "approved") await afterExtension(deps, grant, voter);
  else if (kind === "failed") await announce(deps, grant);
  else await announce(deps, grant, "extension-denied");
  return `${prefix}${kind}` as DecisionOutcome;
}
