import type { App, BlockButtonAction } from "@slack/bolt";

import { cancelGrant } from "../../../app/commands/cancel-grant.js";
import { decideGrant, type DecisionOutcome } from "../../../app/commands/decide-grant.js";
import { extendByDefault } from "../../../app/commands/extend-by-default.js";
import { revokeGrant } from "../../../app/commands/revoke-grant.js";
import type { Deps } from "../../../app/deps.js";
import { publishHomes } from "../../../app/shared/publish-homes.js";
import { errorMessage } from "../../../domain/errors.js";
import { isGrantId } from "../../../domain/grant/grant-id.js";
import { ACTIONS } from "../action-ids.js";
import { errorText, unavailableText } from "../reply-error.js";

const OUTCOME_TEXT: Record<DecisionOutcome, string> = {
  approved: "Approved: the port is being opened.",
  denied: "Denied: the requester has been told.",
  recorded: "Your approval is recorded; more approvals are needed.",
  "extension-approved": "Extension approved: the grant stays open longer.",
  "extension-denied": "Extension denied: the grant still closes at its original time.",
  "extension-recorded": "Your approval of the extension is recorded; more approvals are needed.",
  "extension-failed":
    "The extension could not be applied (the grant is closing or the policy no longer allows it); the requester can ask again.",
};

/**
 * Buttons: acknowledge at once, then run the same use cases the commands use. Who clicked is taken
 * from the signed payload and checked by the use case; refusals come back as ephemeral replies and
 * change nothing.
 */
export function registerGrantButtons(app: App, deps: Deps): void {
  const handle = (actionId: string, run: (grantId: string, user: string) => Promise<string>) => {
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const user = body.user.id;
      const grantId = action.value ?? "";
      let text: string;
      try {
        if (!isGrantId(grantId)) throw new Error(`button carried no grant id (${actionId})`);
        text = unavailableText(deps) ?? (await run(grantId, user));
      } catch (error) {
        text = errorText(error, deps.logger.child({ grantId, slackUser: user }), { action: actionId });
      }
      if (body.view?.type === "home") {
        // Home tab clicks carry no response_url: the home itself answers, fresh and with the outcome on top.
        await publishHomes(deps, [user], { notice: text });
        return;
      }
      await respond({ response_type: "ephemeral", replace_original: false, text }).catch((error: unknown) =>
        deps.logger.warn({ grantId, err: errorMessage(error) }, "could not reply to a button"),
      );
    });
  };

  handle(ACTIONS.approve, async (id, user) => OUTCOME_TEXT[await decideGrant(deps, id, user, "approve")]);
  handle(ACTIONS.deny, async (id, user) => OUTCOME_TEXT[await decideGrant(deps, id, user, "deny")]);
  handle(ACTIONS.revoke, async (id, user) => {
    const grant = await revokeGrant(deps, id, user);
    return grant.status === "closed"
      ? `Closed \`${grant.id}\`.`
      : `Closing \`${grant.id}\`: its rule is being removed.`;
  });
  handle(ACTIONS.cancel, async (id, user) => {
    await cancelGrant(deps, id, user);
    return `Cancelled \`${id}\`.`;
  });
  handle(ACTIONS.extend, async (id, user) => (await extendByDefault(deps, id, user)).message);
}
