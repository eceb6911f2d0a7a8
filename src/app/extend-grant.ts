import { AjarError } from "../domain/errors.js";
import type { Grant } from "../domain/grant/grant.js";
import { record } from "../domain/grant/transitions.js";
import { planAllowRule } from "../domain/rules/plan-allow-rule.js";
import { isLockdownRule } from "../domain/rules/rule-naming.js";
import { formatDuration } from "../domain/time/duration.js";
import { announce } from "./announce.js";
import { auditGrant } from "./audit-grant.js";
import type { Deps } from "./deps.js";
import { loadGrant, mutateGrant } from "./mutate-grant.js";

/**
 * Pushes an active grant's end back. The total window stays within the policy's maximum; the rule
 * descriptions are rewritten first (the sweeper trusts them), then the single close job is moved.
 */
export async function extendGrant(deps: Deps, grantId: string, actor: string, seconds: number): Promise<{ grant: Grant; message: string }> {
  const grant = await loadGrant(deps.store, grantId);
  if (grant.requester.slackUserId !== actor) {
    throw new AjarError("APPROVAL.NOT_ELIGIBLE", `Only the requester can extend ${grantId}; nothing was changed.`);
  }
  if (grant.status !== "active" || !grant.expiresAt || !grant.openedAt) {
    throw new AjarError("GRANT.STALE", `${grantId} is not open (it is ${grant.status}), so it cannot be extended. Make a new request instead.`);
  }
  const policy = deps.settings.policies.find((p) => p.name === grant.policyName);
  if (!policy) throw new AjarError("POLICY.NOT_COVERED", `The policy that allowed ${grantId} no longer exists, so it cannot be extended.`);
  if (policy.approval.mode !== "none") {
    throw new AjarError(
      "POLICY.VIOLATION",
      `Access under policy ${policy.name} needs approval, and extensions under it must be requested anew: run the original /jit command again once ${grantId} has closed, or ask an approver.`,
    );
  }
  const port = policy.ports.find((p) => p.port === grant.target.port);
  const max = Math.min(policy.maxDurationSeconds, port?.maxDurationSeconds ?? Infinity);
  const newEnd = new Date(Date.parse(grant.expiresAt) + seconds * 1000);
  const total = (newEnd.getTime() - Date.parse(grant.openedAt)) / 1000;
  if (total > max) {
    const room = Math.max(0, max - (Date.parse(grant.expiresAt) - Date.parse(grant.openedAt)) / 1000);
    throw new AjarError(
      "POLICY.VIOLATION",
      room > 0
        ? `That would keep ${grantId} open for ${formatDuration(total)} in all, over the ${formatDuration(max)} limit. You can extend by up to ${formatDuration(room)}.`
        : `${grantId} already has the longest window this VM allows (${formatDuration(max)}).`,
    );
  }
  await rewriteRules(deps, grant, newEnd);
  const saved = await mutateGrant(deps.store, grantId, (g) =>
    g.status === "active"
      ? record(g, { type: "extended", at: deps.clock.now().toISOString(), actor, detail: `+${seconds}s until ${newEnd.toISOString()}` }, {
          expiresAt: newEnd.toISOString(),
          durationSeconds: g.durationSeconds + seconds,
        })
      : undefined,
  );
  if (!saved) throw new AjarError("GRANT.STALE", `${grantId} closed meanwhile; nothing was extended.`);
  await deps.jobs.scheduleClose(grantId, newEnd);
  const notice = newEnd.getTime() - deps.settings.expiryNoticeSeconds * 1000;
  if (deps.settings.expiryNoticeSeconds > 0 && notice > deps.clock.now().getTime()) await deps.jobs.scheduleExpiryNotice(grantId, new Date(notice));
  await auditGrant(deps.audit, saved.after, "extended", actor, `until ${newEnd.toISOString()}`);
  await announce(deps, saved.after, "extended");
  return { grant: saved.after, message: `Extended \`${grantId}\` by ${formatDuration(seconds)}.` };
}

async function rewriteRules(deps: Deps, grant: Grant, expiresAt: Date): Promise<void> {
  const network = await deps.network.resolveVmNetwork(grant.target.vmId);
  for (const opened of grant.rules.filter((r) => !r.closedAt)) {
    await deps.nsgLock.withLock(opened.nsgId, async () => {
      const rules = await deps.network.listRules(opened.nsgId);
      const lockdown = rules.find((r) => isLockdownRule(r.name) && r.destinationAddressPrefixes.some((d) => network.privateIps.includes(d)));
      const plan = planAllowRule({
        grantId: grant.id,
        requester: grant.requester.displayName ?? grant.requester.slackUserId,
        port: grant.target.port,
        protocol: grant.target.protocol,
        source: grant.source,
        privateIps: network.privateIps,
        expiresAt,
        rules,
        lockdownPriority: lockdown?.priority ?? opened.priority + 1,
      });
      if (plan.action === "impossible") throw new AjarError("CLOUD.REJECTED", `Could not update the rule in ${opened.nsgId}: ${plan.reason}`);
      await deps.network.putRule(opened.nsgId, plan.rule);
    });
  }
}
