import { userInfo } from "node:os";

import { revokeGrant } from "../../app/commands/revoke-grant.js";
import type { Deps } from "../../app/deps.js";
import { reconcileNow } from "../../app/reconcile/reconcile-now.js";
import { GRANT_ID_SHAPE, isGrantId } from "../../domain/grant/grant-id.js";
import { subjectOf } from "../../domain/grant/grant-subject.js";
import type { Grant } from "../../domain/grant/grant.js";
import { cliArgs } from "../cli-args.js";
import { explainErrors } from "../cli-errors.js";
import { openRuntime } from "../open-runtime.js";
import type { CliCommand } from "./command.js";

const USAGE = "ajar revoke <grant-id>";

/** The audit trail names the operator: `cli:<os user>`. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return `cli:${process.env.USER ?? "unknown"}`;
  }
}

/**
 * The same use case as Slack's Revoke, as an operator (no requester/approver check); then its NSGs are
 * reconciled from here, so the command returns once the rules are gone and the channel is told.
 */
export async function revokeFromCli(deps: Deps, grantId: string, actor = cliActor()): Promise<Grant> {
  const ending = await revokeGrant(deps, grantId, actor, { operator: true });
  for (const nsgId of ending.network?.nsgIds ?? []) await reconcileNow(deps, nsgId);
  return (await deps.store.get(grantId)) ?? ending;
}

export const revokeCommand: CliCommand = {
  summary: "close an open grant now, as an operator (notifies Slack)",
  run: (args, env) =>
    explainErrors(async () => {
      const parsed = cliArgs(args, {}, USAGE, true);
      if (!parsed) return 2;
      const [grantId, ...extra] = parsed.positionals;
      if (!grantId || extra.length > 0 || !isGrantId(grantId)) {
        console.error(
          `${grantId && !isGrantId(grantId) ? `"${grantId}" is not a grant id (${GRANT_ID_SHAPE}). ` : ""}Usage: ${USAGE}`,
        );
        return 2;
      }
      const { runtime } = openRuntime(env);
      try {
        const grant = await revokeFromCli(runtime.deps, grantId);
        const { vmName, port } = subjectOf(grant);
        console.log(
          `Revoked ${grant.id}: ${vmName} port ${port} for ${grant.requester.slackUserId}; ${grant.rules.length} rule(s) removed.`,
        );
        return 0;
      } finally {
        await runtime.close();
      }
    }),
};
