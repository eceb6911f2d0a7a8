import type { IncomingMessage, ServerResponse } from "node:http";

import type { CustomRoute } from "@slack/bolt";

import { applyMove } from "../../app/commands/apply-move.js";
import { redeemSourceLink } from "../../app/commands/redeem-source-link.js";
import type { Deps } from "../../app/deps.js";
import { SOURCE_LINK_PATH } from "../../app/shared/source-link-url.js";
import { errorMessage, isAjarError } from "../../domain/errors.js";
import { GRANT_ID_PATTERN } from "../../domain/grant/grant-id.js";
import { subjectOf } from "../../domain/grant/grant-subject.js";
import { checkSourceLink } from "../../domain/grant/source-link-token.js";
import { clientAddress } from "../../domain/net/client-address.js";
import { sendPage } from "./html-page.js";

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

function parsePath(url: string | undefined): { grantId: string; token: string } | undefined {
  const path = (url ?? "").split("?")[0] ?? "";
  const rest = path.startsWith(`${SOURCE_LINK_PATH}/`) ? path.slice(SOURCE_LINK_PATH.length + 1).split("/") : [];
  const [grantId, token] = rest;
  if (rest.length !== 2 || !grantId || !token || !GRANT_ID_PATTERN.test(grantId) || !TOKEN.test(token))
    return undefined;
  return { grantId, token };
}

const refused = (res: ServerResponse, problem: string, status = 410) =>
  sendPage(res, {
    status,
    title: "Address not recorded",
    paragraphs: [problem, "Nothing was changed. You can close this page."],
  });

/**
 * The `from me` link. GET only shows what would be recorded and asks for a click; POST records it.
 * Chat apps and mail scanners fetch links to preview them, and such a fetch must neither spend the
 * link nor record the scanner's address.
 */
export function sourceLinkHandler(deps: Deps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const log = deps.logger.child({ route: SOURCE_LINK_PATH });
    const run = async (): Promise<void> => {
      const link = parsePath(req.url);
      if (!link) return refused(res, "This link is not valid. Use the newest link ajar sent you in Slack.", 404);
      const address = clientAddress(
        req.socket.remoteAddress,
        req.headers["x-forwarded-for"],
        deps.settings.trustedProxies ?? [],
      );
      if (!address) return refused(res, "ajar could not tell which address you are connecting from.", 400);
      const action = `${SOURCE_LINK_PATH}/${link.grantId}/${link.token}`;

      if (req.method !== "POST") {
        const check = checkSourceLink(await deps.store.get(link.grantId), link.token, deps.clock.now());
        if (!check.ok) return refused(res, check.problem, /not valid/.test(check.problem) ? 404 : 410);
        const what =
          check.link.purpose === "move" ? `move grant ${check.grant.id}` : `use it for request ${check.grant.id}`;
        const { portLabel, vmName } = subjectOf(check.grant);
        return sendPage(res, {
          status: 200,
          title: "Use this address?",
          paragraphs: [
            `You are connecting from ${address}.`,
            `Confirm to ${what} (${portLabel} on ${vmName}). The link then stops working.`,
          ],
          form: { action, label: `Use ${address}` },
        });
      }

      const redeemed = await redeemSourceLink(deps, link.grantId, link.token, address);
      if (!redeemed.ok) return refused(res, redeemed.problem, /not valid/.test(redeemed.problem) ? 404 : 410);
      const grant = redeemed.grant;
      const { portLabel, vmName } = subjectOf(grant);
      log.info({ grantId: grant.id, purpose: redeemed.link.purpose, source: address }, "address recorded from a link");
      if (redeemed.link.purpose === "request") {
        await deps.jobs.authorize(grant.id);
        return sendPage(res, {
          status: 200,
          title: "Address recorded",
          paragraphs: [
            `Recorded ${address} for request ${grant.id} (${portLabel} on ${vmName}).`,
            "Next, ajar checks it against the VM's policy and your Azure permissions, then asks the approvers if the policy needs them. You will hear about each step in Slack. You can close this page.",
          ],
        });
      }
      try {
        const moved = await applyMove(deps, grant.id, address, grant.requester.slackUserId);
        return sendPage(res, {
          status: 200,
          title: moved.kind === "needs-approval" ? "Approval needed" : "Address recorded",
          paragraphs: [moved.message.replace(/`/g, ""), "You can close this page."],
        });
      } catch (error) {
        if (!isAjarError(error)) throw error;
        return refused(res, error.userMessage.replace(/`/g, ""), 409);
      }
    };
    run().catch((error: unknown) => {
      log.error({ err: errorMessage(error) }, "source link failed");
      if (!res.headersSent) refused(res, "Something went wrong on ajar's side. Try the link again in a minute.", 500);
    });
  };
}

/** Routes for Bolt's HTTP receiver; the path pattern only routes, the handler checks every part itself. */
export function sourceLinkRoutes(deps: Deps): CustomRoute[] {
  const handler = sourceLinkHandler(deps);
  return [{ path: `${SOURCE_LINK_PATH}/:grant/:token`, method: ["GET", "POST"], handler }];
}
