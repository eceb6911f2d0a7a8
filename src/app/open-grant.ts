import { AjarError, isAjarError } from "../domain/errors.js";
import type { Grant } from "../domain/grant/grant.js";
import { record, transition } from "../domain/grant/transitions.js";
import { policiesFor } from "../domain/policy/match-policy.js";
import type { VmNetwork } from "../domain/ports/network-access.port.js";
import { planGrantRule } from "../domain/rules/plan-grant-rule.js";
import { allowRuleName } from "../domain/rules/rule-naming.js";
import { auditGrant } from "./audit-grant.js";
import { closeRules } from "./close-rules.js";
import type { Deps } from "./deps.js";
import { ensureLockdown } from "./ensure-lockdown.js";
import { scheduleEnd } from "./schedule-end.js";
import { loadGrant, mutateGrant } from "./mutate-grant.js";
import { withRule } from "./nsg-changes.js";
import { announce } from "./announce.js";

/**
 * The open job. Safe to run again at any point: the planned expiry and every rule are written to the
 * grant before the matching Azure call, and rule names are fixed per grant, so a retry after a crash
 * finds and reuses what the first attempt did.
 */
export async function openGrant(deps: Deps, grantId: string, signal?: AbortSignal): Promise<void> {
  let grant = await loadGrant(deps.store, grantId);
  if (grant.status === "active") {
    await scheduleEnd(deps, grant.id, new Date(grant.expiresAt!));
    return;
  }
  if (grant.status !== "approved") return;

  grant = await planWindow(deps, grant);
  try {
    const network = await deps.network.resolveVmNetwork(grant.target.vmId, signal);
    if (network.nsgIds.length === 0) {
      throw new AjarError("CLOUD.REJECTED", `${grant.target.vmName} has no network security group, so ajar cannot control its ports. Ask an administrator to attach one.`);
    }
    for (const nsgId of network.nsgIds) grant = await openInNsg(deps, grant, network, nsgId, signal);
  } catch (error) {
    if (isAjarError(error) && !error.retryable) {
      await failGrant(deps, grantId, error.userMessage);
      return;
    }
    throw error;
  }

  const now = deps.clock.now();
  const saved = await mutateGrant(deps.store, grantId, (g) =>
    g.status === "approved"
      ? transition(g, "active", { at: now.toISOString(), actor: "ajar", detail: g.rules.map((r) => r.name).join(",") }, {
          openedAt: now.toISOString(),
          // The full window counts from the moment every rule is in place; the planned expiry in
          // the rule descriptions is a little earlier and only matters to the sweeper's safety net.
          expiresAt: new Date(now.getTime() + g.durationSeconds * 1000).toISOString(),
        })
      : undefined,
  );
  if (!saved) return;
  await scheduleEnd(deps, grantId, new Date(saved.after.expiresAt!));
  await auditGrant(deps.audit, saved.after, "opened", "ajar", `until ${saved.after.expiresAt}`);
  deps.logger.info({ grantId, expiresAt: saved.after.expiresAt }, "grant opened");
  await announce(deps, saved.after, "opened");
}

/** The window starts now, not at request: and again on a retry that has not written anything yet. */
async function planWindow(deps: Deps, grant: Grant): Promise<Grant> {
  if (grant.expiresAt && grant.rules.length > 0) return grant;
  const expiresAt = new Date(deps.clock.now().getTime() + grant.durationSeconds * 1000).toISOString();
  const saved = await mutateGrant(deps.store, grant.id, (g) => (g.status === "approved" ? { ...g, version: g.version + 1, expiresAt } : undefined));
  return saved?.after ?? grant;
}

async function openInNsg(deps: Deps, grant: Grant, network: VmNetwork, nsgId: string, signal?: AbortSignal): Promise<Grant> {
  const ports = policiesFor(deps.settings.policies, network.vm).flatMap((p) => p.ports.map((pp) => pp.port));
  return deps.nsgChanges.run(nsgId, async (current) => {
    const lockdown = await ensureLockdown(deps, network, nsgId, ports.length > 0 ? ports : [grant.target.port], current, signal);
    const plan = planGrantRule(grant, network.privateIps, lockdown.rules, lockdown.priority, new Date(grant.expiresAt!));
    if (plan.action === "impossible") {
      throw new AjarError("CLOUD.REJECTED", `ajar could not place the rule in ${nsgId.split("/").pop()}: ${plan.reason}. Ask an administrator to free some rule priorities.`);
    }
    const name = allowRuleName(grant.id, grant.target.port);
    // Record intent first: if this process dies mid-call, the close still knows what to remove.
    const saved = await mutateGrant(deps.store, grant.id, (g) =>
      g.rules.some((r) => r.nsgId === nsgId && r.name === name)
        ? g
        : record(g, { type: "rule-planned", at: deps.clock.now().toISOString(), actor: "ajar", detail: `${nsgId}#${name}@${plan.rule.priority}` }, {
            rules: [...g.rules, { nsgId, name, priority: plan.rule.priority }],
          }),
    );
    await deps.network.putRule(nsgId, plan.rule, signal);
    return { result: saved?.after ?? grant, rules: withRule(lockdown.rules, plan.rule) };
  });
}

/** Ends a grant that cannot be opened, removing whatever part of it was opened already. */
export async function failGrant(deps: Deps, grantId: string, reason: string): Promise<void> {
  const grant = await loadGrant(deps.store, grantId);
  if (grant.status !== "approved" && grant.status !== "requested") return;
  await closeRules(deps, grant);
  const saved = await mutateGrant(deps.store, grantId, (g) =>
    g.status === "approved" || g.status === "requested"
      ? transition(g, "failed", { at: deps.clock.now().toISOString(), actor: "ajar", detail: reason }, { failure: reason })
      : undefined,
  );
  if (!saved) return;
  await auditGrant(deps.audit, saved.after, "failed", "ajar", reason);
  deps.logger.warn({ grantId, reason }, "grant failed");
  await announce(deps, saved.after, "failed");
}
