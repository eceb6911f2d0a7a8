import { AjarError } from "../domain/errors.js";
import type { Grant } from "../domain/grant/grant.js";
import { checkExtension, extensionRoom } from "../domain/grant/extension.js";
import { record } from "../domain/grant/transitions.js";
import { planGrantRule } from "../domain/rules/plan-grant-rule.js";
import { isLockdownRule } from "../domain/rules/rule-naming.js";
import { formatDuration } from "../domain/time/duration.js";
import { announce } from "./announce.js";
import { askApprovers } from "./ask-approvers.js";
import { auditGrant } from "./audit-grant.js";
import type { Deps } from "./deps.js";
import { loadGrant, mutateGrant } from "./mutate-grant.js";
import { withRule } from "./nsg-changes.js";
import { scheduleEnd } from "./schedule-end.js";
import { policyOfGrant } from "./settings.js";

const DEFAULT_EXTENSION_SECONDS = 30 * 60;

function policyOf(deps: Deps, grant: Grant) {
  const policy = policyOfGrant(deps.settings, grant);
  if (!policy) throw new AjarError("POLICY.NOT_COVERED", `The policy that allowed ${grant.id} no longer exists, so it cannot be extended.`);
  return policy;
}

/**
 * The requester asks for more time on an active grant. Within the policy's maximum it is applied at
 * once where the policy needs no approval; otherwise the grant's approvers are asked again and the
 * grant stays as it is until they decide.
 */
export async function extendGrant(deps: Deps, grantId: string, actor: string, seconds: number): Promise<{ grant: Grant; message: string }> {
  const grant = await loadGrant(deps.store, grantId);
  if (grant.requester.slackUserId !== actor) {
    throw new AjarError("APPROVAL.NOT_ELIGIBLE", `Only the requester can extend ${grantId}; nothing was changed.`);
  }
  const policy = policyOf(deps, grant);
  checkExtension(grant, policy, seconds);
  if (grant.approval.mode === "none") {
    const extended = await applyExtension(deps, grantId, seconds, actor);
    return { grant: extended, message: `Extended \`${grantId}\` by ${formatDuration(seconds)}: open until ${extended.expiresAt}.` };
  }

  const at = deps.clock.now().toISOString();
  const saved = await mutateGrant(deps.store, grantId, (g) => {
    if (g.pendingExtension) throw new AjarError("GRANT.STALE", `An extension of ${grantId} is already waiting for approval.`);
    checkExtension(g, policy, seconds);
    return record(g, { type: "extension-requested", at, actor, detail: `+${seconds}s` }, { pendingExtension: { durationSeconds: seconds, requestedAt: at, votes: [] } });
  });
  const after = saved!.after;
  await auditGrant(deps.audit, after, "extension-requested", actor, `+${seconds}s`);
  await announce(deps, await askApprovers(deps, after), "extension-requested");
  return { grant: after, message: `Your extension of \`${grantId}\` by ${formatDuration(seconds)} is waiting for approval.` };
}

/** The Extend button: 30 more minutes, or whatever room the policy leaves if that is less. */
export async function extendByDefault(deps: Deps, grantId: string, actor: string): Promise<{ grant: Grant; message: string }> {
  const grant = await loadGrant(deps.store, grantId);
  const room = grant.status === "active" ? extensionRoom(grant, policyOf(deps, grant)) : DEFAULT_EXTENSION_SECONDS;
  return extendGrant(deps, grantId, actor, Math.max(1, Math.min(DEFAULT_EXTENSION_SECONDS, room)));
}

/**
 * Pushes the end back: rule descriptions are rewritten first (the sweeper trusts them), then the
 * grant, then the single close job is moved.
 */
export async function applyExtension(deps: Deps, grantId: string, seconds: number, actor: string): Promise<Grant> {
  const grant = await loadGrant(deps.store, grantId);
  const newEnd = checkExtension(grant, policyOf(deps, grant), seconds);
  await rewriteRules(deps, grant, newEnd);
  const saved = await mutateGrant(deps.store, grantId, (g) => {
    if (g.status !== "active") return undefined;
    const { pendingExtension: _done, ...rest } = g;
    return record(rest as Grant, { type: "extended", at: deps.clock.now().toISOString(), actor, detail: `+${seconds}s until ${newEnd.toISOString()}` }, {
      expiresAt: newEnd.toISOString(),
      durationSeconds: g.durationSeconds + seconds,
    });
  });
  if (!saved) throw new AjarError("GRANT.STALE", `${grantId} closed meanwhile; nothing was extended.`);
  await scheduleEnd(deps, grantId, newEnd);
  await auditGrant(deps.audit, saved.after, "extended", actor, `until ${newEnd.toISOString()}`);
  await announce(deps, saved.after, "extended");
  return saved.after;
}

async function rewriteRules(deps: Deps, grant: Grant, expiresAt: Date): Promise<void> {
  const network = await deps.network.resolveVmNetwork(grant.target.vmId);
  for (const opened of grant.rules.filter((r) => !r.closedAt)) {
    await deps.nsgChanges.run(opened.nsgId, async (rules) => {
      const lockdown = rules.find((r) => isLockdownRule(r.name) && r.destinationAddressPrefixes.some((d) => network.privateIps.includes(d)));
      const plan = planGrantRule(grant, network.privateIps, rules, lockdown?.priority ?? opened.priority + 1, expiresAt);
      if (plan.action === "impossible") throw new AjarError("CLOUD.REJECTED", `Could not update the rule in ${opened.nsgId}: ${plan.reason}`);
      await deps.network.putRule(opened.nsgId, plan.rule);
      return { result: undefined, rules: withRule(rules, plan.rule) };
    });
  }
}
