import { transition } from "../../domain/grant/transitions.js";
import type { Deps } from "../deps.js";
import { auditGrant } from "./audit-grant.js";
import { mutateGrant } from "./mutate-grant.js";

/**
 * Reports a grant that cannot be opened. Whatever part of it was written already is removed by its
 * NSGs' reconciles: a failed grant wants no rule.
 */
export async function failGrant(deps: Deps, grantId: string, reason: string): Promise<void> {
  const saved = await mutateGrant(deps.store, grantId, (g) =>
    g.status === "approved" || g.status === "requested"
      ? transition(
          g,
          "failed",
          { at: deps.clock.now().toISOString(), actor: "ajar", detail: reason },
          { failure: reason },
        )
      : undefined,
  );
  if (!saved) return;
  if (saved.after.network) await deps.reconciles.request(saved.after.network.nsgIds);
  await auditGrant(deps.audit, saved.after, "failed", "ajar", reason);
  deps.logger.warn({ grantId, reason }, "grant failed");
  await deps.jobs.announce(grantId, "failed");
}
