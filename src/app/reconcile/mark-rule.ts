import type { Grant, OpenedRule } from "../../domain/grant/grant.js";
import { isRuleInNsg, ruleInNsg } from "../../domain/grant/rule-in-nsg.js";
import { record, transition } from "../../domain/grant/transitions.js";
import type { Deps } from "../deps.js";
import { auditGrant } from "../shared/audit-grant.js";
import { mutateGrant } from "../shared/mutate-grant.js";
import { scheduleEnd } from "../shared/schedule-end.js";
import { endOf } from "./grant-wants.js";

const withEntry = (grant: Grant, nsgId: string, change: (r: OpenedRule) => OpenedRule): OpenedRule[] =>
  grant.rules.map((r) => (isRuleInNsg(r, nsgId) ? change(r) : r));

/**
 * The grant's rule is in place in one NSG. When that makes it live everywhere, the grant opens: the
 * window starts now, when the last write landed. A rule found in place that this pass did not write
 * (its writer died before recording it) gives no landing time, so the end written on the rule stands:
 * never later than planned.
 */
export async function markRuleLive(
  deps: Deps,
  grantId: string,
  nsgId: string,
  how: { priority: number; landedAt: Date; wroteNow: boolean },
): Promise<void> {
  const at = how.landedAt.toISOString();
  const saved = await mutateGrant(deps.store, grantId, (g) => {
    const entry = ruleInNsg(g, nsgId);
    if (!entry || (entry.liveAt && entry.priority === how.priority) || entry.closedAt) return undefined;
    const rules = withEntry(g, nsgId, (r) => ({ ...r, priority: how.priority, liveAt: r.liveAt ?? at }));
    const everywhere = rules.every((r) => r.liveAt);
    if (g.status !== "approved" || g.ending || !everywhere) return { ...g, version: g.version + 1, rules };
    const expiresAt = how.wroteNow
      ? new Date(how.landedAt.getTime() + g.durationSeconds * 1000).toISOString()
      : new Date(endOf(g)).toISOString();
    return transition(
      g,
      "active",
      { at, actor: "ajar", detail: rules.map((r) => r.name).join(",") },
      { rules, openedAt: at, expiresAt },
    );
  });
  if (!saved || saved.before.status === saved.after.status) return;
  const grant = saved.after;
  await scheduleEnd(deps, grant, new Date(grant.expiresAt!));
  await auditGrant(deps.audit, grant, "opened", "ajar", `until ${grant.expiresAt}`);
  deps.logger.info({ grantId, expiresAt: grant.expiresAt }, "grant opened");
  await deps.jobs.announce(grantId, "opened");
}

/**
 * The grant's rule is gone from one NSG. Once gone everywhere, an open grant closes (expired, or
 * revoked by whoever asked), and the NSG forgets it. `wasLive`: the rule was in the NSG until this
 * pass removed it, although the grant never recorded it open (its writer died first): it was open.
 * `goneAt`: when the write that removed it landed, which is when the grant really closed.
 */
export async function markRuleGone(
  deps: Deps,
  grantId: string,
  nsgId: string,
  how: { wasLive?: boolean; goneAt?: Date } = {},
): Promise<void> {
  const wasLive = how.wasLive ?? false;
  const now = deps.clock.now();
  const at = (how.goneAt ?? now).toISOString();
  const saved = await mutateGrant(deps.store, grantId, (g) => {
    const entry = ruleInNsg(g, nsgId);
    const rules =
      entry && !entry.closedAt
        ? withEntry(g, nsgId, (r) => ({ ...r, ...(wasLive && !r.liveAt ? { liveAt: at } : {}), closedAt: at }))
        : g.rules;
    const everywhere = rules.every((r) => r.closedAt);
    const wanted = (g.status === "active" || g.status === "approved") && !g.ending && endOf(g) > now.getTime();
    if (wanted || !everywhere) return rules === g.rules ? undefined : { ...g, version: g.version + 1, rules };
    if (g.status === "active" || (g.status === "approved" && (g.ending || rules.some((r) => r.liveAt)))) {
      const reason = g.ending?.reason ?? "expired";
      const actor = g.ending?.actor ?? "ajar";
      return transition(
        g,
        "closed",
        { at, actor, type: reason, ...(g.ending?.detail ? { detail: g.ending.detail } : {}) },
        { rules, closedAt: at, closeReason: reason },
      );
    }
    if (g.status === "approved") {
      const failure = "its window ended before Azure accepted the rule";
      return transition(g, "failed", { at, actor: "ajar", detail: failure }, { rules, failure });
    }
    return rules === g.rules
      ? undefined
      : record(g, { type: "rule-closed", at, actor: "ajar", detail: nsgId }, { rules });
  });
  const grant = saved?.after ?? (await deps.store.get(grantId));
  const left = grant && ruleInNsg(grant, nsgId);
  if (!grant || (left && !left.closedAt)) return;
  await deps.nsgIndex.removeGrant(nsgId, grantId);
  if (!saved || saved.before.status === saved.after.status) return;
  if (grant.status === "closed") {
    await auditGrant(deps.audit, grant, grant.closeReason ?? "expired", grant.ending?.actor ?? "ajar");
    deps.logger.info({ grantId, reason: grant.closeReason }, "grant closed");
    await deps.jobs.announce(grantId, "closed");
  } else if (grant.status === "failed") {
    await auditGrant(deps.audit, grant, "failed", "ajar", grant.failure);
    await deps.jobs.announce(grantId, "failed");
  }
}
