import { AjarError } from "../../domain/errors.js";
import { checkSourceLink, type LinkCheck } from "../../domain/grant/source-link-token.js";
import { record } from "../../domain/grant/transitions.js";
import type { Deps } from "../deps.js";
import { mutateGrant } from "../shared/mutate-grant.js";

/**
 * Spends the link and keeps the address, in one compare-and-set: two tabs opening the same link at
 * once record one address, and the other is told the link was used.
 */
export async function redeemSourceLink(
  deps: Deps,
  grantId: string,
  token: string,
  address: string,
): Promise<LinkCheck> {
  let outcome = {
    ok: false,
    problem: "This link is not valid. Use the newest link ajar sent you in Slack.",
  } as LinkCheck;
  const now = deps.clock.now();
  const saved = await mutateGrant(deps.store, grantId, (g) => {
    outcome = checkSourceLink(g, token, now);
    if (!outcome.ok) return undefined;
    const used = { ...outcome.link, usedAt: now.toISOString() };
    const event = { type: "source-recorded", at: now.toISOString(), actor: g.requester.slackUserId, detail: address };
    return record(
      g,
      event,
      outcome.link.purpose === "request" ? { sourceLink: used, source: address } : { sourceLink: used },
    );
  }).catch((error: unknown) => {
    if (error instanceof AjarError && error.code === "GRANT.NOT_FOUND") return undefined;
    throw error;
  });
  const checked: LinkCheck = outcome;
  if (!saved || !checked.ok) return checked;
  return { ok: true, grant: saved.after, link: checked.link };
}
