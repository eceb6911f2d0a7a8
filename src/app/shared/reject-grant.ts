import { transition } from "../../domain/grant/transitions.js";
import type { Deps } from "../deps.js";
import { announce } from "../jobs/announce-grant.js";
import { auditGrant } from "./audit-grant.js";
import { followLeader } from "./follow-leader.js";
import { mutateGrant } from "./mutate-grant.js";

/**
 * Reports a request that will not be approved (a refusal, or authorizing gave up) and tells the
 * requester why. Its bundle's followers go the same way. Anything that moved the request on
 * meanwhile (a cancel, a decision) wins: then nothing happens.
 */
export async function rejectGrant(deps: Deps, grantId: string, reason: string): Promise<void> {
  const saved = await mutateGrant(deps.store, grantId, (g) =>
    g.status === "requested"
      ? transition(
          g,
          "rejected",
          { at: deps.clock.now().toISOString(), actor: "ajar", detail: reason },
          { failure: reason },
        )
      : undefined,
  );
  if (!saved) return;
  await auditGrant(deps.audit, saved.after, "rejected", "ajar", reason);
  await followLeader(deps, grantId);
  await announce(deps, saved.after, "rejected");
  deps.logger.info({ grantId }, "grant rejected");
}
