import type { AuthorizedGrant } from "../../domain/grant/grant.js";
import type { NsgPlan } from "../../domain/rules/plan-nsg.js";
import { allowRuleName } from "../../domain/rules/rule-naming.js";
import type { Deps } from "../deps.js";
import { endGrant } from "../shared/end-grant.js";
import { failGrant } from "../shared/fail-grant.js";
import type { GrantWant } from "./grant-wants.js";
import { markRuleGone, markRuleLive } from "./mark-rule.js";

export interface PassOutcome {
  plan: NsgPlan;
  wants: Map<string, GrantWant>;
  /** The NSG no longer exists: nothing is in it. */
  gone: boolean;
  /** When the pass's writes landed; absent when nothing is known to be in place. */
  landedAt?: Date;
  /** Names (lower case) of the rules that were in the NSG when the pass read it. */
  readNames?: Set<string>;
}

/**
 * After a pass, each grant indexed on the NSG moves on from what is now in it: a wanted rule in place
 * is live (and the grant active once live everywhere); a rule that is gone closes the grant's part
 * here (and the grant once gone everywhere); a grant the plan refused is failed, or ended if it was
 * open already. Transitions are compare-and-set, so a pass that runs twice changes nothing twice.
 */
export async function settleGrants(
  deps: Deps,
  nsgId: string,
  grants: AuthorizedGrant[],
  outcome: PassOutcome,
): Promise<void> {
  const present = new Map(outcome.plan.desired.map((r) => [r.name.toLowerCase(), r]));
  const written = new Set(outcome.plan.puts.map((r) => r.name.toLowerCase()));
  // Each grant is its own record: they settle side by side.
  await Promise.all(
    grants.map(async (grant) => {
      const name = allowRuleName(grant.id, grant.target.port).toLowerCase();
      const want = outcome.wants.get(grant.id);
      const refusal =
        outcome.plan.refused.find((r) => r.grantId === grant.id)?.reason ??
        (want && !want.wants ? want.refusal : undefined) ??
        (outcome.gone && want?.wants ? "its NSG no longer exists" : undefined);
      const rule = present.get(name);
      if (rule && outcome.landedAt && !refusal) {
        await markRuleLive(deps, grant.id, nsgId, {
          priority: rule.priority,
          landedAt: outcome.landedAt,
          wroteNow: written.has(name),
        });
      } else if (refusal && grant.status === "approved") {
        await failGrant(deps, grant.id, `ajar could not open it: ${refusal}`);
      } else if (refusal && grant.status === "active" && !grant.ending) {
        await endGrant(deps, grant.id, { reason: "revoked", actor: "ajar", detail: refusal });
      }
      if (!rule)
        await markRuleGone(deps, grant.id, nsgId, {
          wasLive: outcome.readNames?.has(name) ?? false,
          ...(outcome.landedAt ? { goneAt: outcome.landedAt } : {}),
        });
    }),
  );
}
