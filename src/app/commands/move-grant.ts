import { assertMovable } from "../../domain/policy/judge-move.js";
import type { Deps } from "../deps.js";
import { loadGrant } from "../shared/mutate-grant.js";
import { sendSourceLink } from "../shared/send-source-link.js";
import { applyMove, type MoveResult } from "./apply-move.js";

/**
 * `/jit move g-… from <ip|me>`: the requester's address changed while the grant is open. With `me`
 * the address comes from a one-time link, and the move happens when it is opened.
 */
export async function moveGrant(deps: Deps, grantId: string, user: string, source: string | "me"): Promise<MoveResult> {
  const grant = await loadGrant(deps.store, grantId);
  assertMovable(grant, user);
  if (source === "me") {
    await sendSourceLink(deps, grant, "move");
    return {
      kind: "link-sent",
      message: `I sent you a link by DM: open it on the computer you will connect from, and \`${grantId}\` moves to that address.`,
    };
  }
  return applyMove(deps, grantId, source, user);
}
