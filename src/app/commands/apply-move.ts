import { AjarError, errorMessage } from "../../domain/errors.js";
import { record } from "../../domain/grant/transitions.js";
import { assertMovable, judgeMove } from "../../domain/policy/judge-move.js";
import type { Deps } from "../deps.js";
import { policyOfGrant } from "../settings.js";
import { auditGrant } from "../shared/audit-grant.js";
import { loadGrant, mutateGrant } from "../shared/mutate-grant.js";
import { requestGrant } from "./request-grant.js";
import { rewriteGrantSource } from "./rewrite-grant-source.js";

export type MoveResult =
  | { kind: "link-sent"; message: string }
  | { kind: "moved"; message: string }
  | { kind: "unchanged"; message: string }
  | { kind: "needs-approval"; message: string; newGrantId: string };

/**
 * Inside the allowed range the approvers saw: the grant's source changes on its record and its rules
 * follow, with no new approval. Anywhere else the policy allows: a new request for the rest of the
 * window goes to the approvers, and the current grant stays as it is meanwhile.
 */
export async function applyMove(deps: Deps, grantId: string, source: string, actor: string): Promise<MoveResult> {
  const grant = await loadGrant(deps.store, grantId);
  assertMovable(grant, actor);
  const policy = policyOfGrant(deps.settings, grant);
  if (!policy)
    throw new AjarError(
      "POLICY.NOT_COVERED",
      `The policy that allowed ${grantId} no longer exists, so it cannot be moved. Ask again with /jit.`,
    );
  const judged = judgeMove(policy, grant.target.port, grant.source, source);
  if (judged.source === grant.source)
    return { kind: "unchanged", message: `\`${grantId}\` already lets in ${judged.source}; nothing changed.` };

  if (judged.kind === "needs-approval") {
    const left = Math.floor((Date.parse(grant.expiresAt ?? "") - deps.clock.now().getTime()) / 1000);
    const durationSeconds = Math.max(
      policy.minDurationSeconds,
      Number.isFinite(left) ? left : policy.minDurationSeconds,
    );
    const fresh = await requestGrant(deps, {
      slackUserId: grant.requester.slackUserId,
      ...(grant.requester.displayName ? { displayName: grant.requester.displayName } : {}),
      port: grant.target.port,
      portLabel: grant.target.portLabel,
      vm: { resourceId: grant.target.vmId },
      durationSeconds,
      source: judged.source,
      justification:
        `moving ${grant.id} to ${judged.source}${grant.justification ? `: ${grant.justification}` : ""}`.slice(0, 500),
    });
    await auditGrant(deps.audit, grant, "move-requested", actor, `${judged.source} as ${fresh.id}: ${judged.why}`);
    return {
      kind: "needs-approval",
      newGrantId: fresh.id,
      message: `${judged.why}, so the approvers decide again: request \`${fresh.id}\` asks for ${judged.source}. \`${grantId}\` stays as it is until then.`,
    };
  }

  const at = deps.clock.now().toISOString();
  const saved = await mutateGrant(deps.store, grantId, (g) => {
    assertMovable(g, actor);
    return record(
      g,
      { type: "moved", at, actor, detail: `${g.source} -> ${judged.source} (inside ${judged.range})` },
      { source: judged.source },
    );
  });
  const moved = saved!.after;
  await auditGrant(deps.audit, moved, "moved", actor, `from ${grant.source} inside ${judged.range}`);
  deps.logger.info({ grantId, source: judged.source }, "grant moved to a new address");
  // The record is the truth; rewriting now is only about speed, and a failure here is repaired by the
  // NSG reconciler from the record, so it is logged rather than reported as a failed move.
  await rewriteGrantSource(deps, grantId).catch((error: unknown) =>
    deps.logger.warn({ grantId, err: errorMessage(error) }, "could not rewrite a moved grant's rules yet"),
  );
  await deps.notifier.refresh(moved).catch(() => undefined);
  return {
    kind: "moved",
    message: `Moved \`${grantId}\` to ${judged.source} (inside ${judged.range}, which the approvers saw): no new approval needed.`,
  };
}
