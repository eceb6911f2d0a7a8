import { isAjarError, errorMessage } from "../domain/errors.js";
import { FINAL_STATUSES } from "../domain/grant/grant.js";
import type { SecurityRuleInfo } from "../domain/ports/network-access.port.js";
import { parseAllowRule, type ParsedAllowRule } from "../domain/rules/rule-naming.js";
import { closeGrant } from "./close-grant.js";
import type { Deps } from "./deps.js";
import { expirePending } from "./expire-pending.js";
import { subscriptionsToSearch } from "./find-vm.js";

export interface SweepReport {
  nsgsScanned: number;
  rulesRemoved: string[];
  grantsClosed: string[];
  grantsRequeued: string[];
  errors: string[];
}

const LOST_JOB_GRACE_MS = 60_000;

/**
 * The safety net under the scheduler: whatever Redis lost or a crash left half done is found here.
 * Azure is the source of truth for what is open: any ajar allow rule past the expiry written in its
 * description goes, whether or not a grant record still exists.
 */
export async function sweep(deps: Deps, signal?: AbortSignal): Promise<SweepReport> {
  const report: SweepReport = { nsgsScanned: 0, rulesRemoved: [], grantsClosed: [], grantsRequeued: [], errors: [] };
  const now = deps.clock.now().getTime();
  const note = (what: string, error: unknown): void => {
    report.errors.push(`${what}: ${isAjarError(error) ? error.userMessage : errorMessage(error)}`);
  };

  // 1. Grants whose own jobs were lost.
  const open = await deps.store.list({ statuses: ["requested", "pending", "approved", "active"], limit: 10_000 });
  for (const grant of open) {
    try {
      if (grant.status === "active" && grant.expiresAt && Date.parse(grant.expiresAt) + LOST_JOB_GRACE_MS < now) {
        const result = await closeGrant(deps, grant.id, { reason: "expired" }, signal);
        if (result.kind === "closed") report.grantsClosed.push(grant.id);
      } else if (grant.status === "pending" && grant.pendingUntil && Date.parse(grant.pendingUntil) + LOST_JOB_GRACE_MS < now) {
        if (await expirePending(deps, grant.id)) report.grantsClosed.push(grant.id);
      } else if (grant.status === "approved" && Date.parse(lastChange(grant.history)) + LOST_JOB_GRACE_MS < now) {
        await deps.jobs.open(grant.id);
        report.grantsRequeued.push(grant.id);
      } else if (grant.status === "requested" && Date.parse(grant.createdAt) + LOST_JOB_GRACE_MS < now) {
        await deps.jobs.authorize(grant.id);
        report.grantsRequeued.push(grant.id);
      }
    } catch (error) {
      note(grant.id, error);
    }
  }

  // 2. Rules in Azure, whatever Redis remembers: one listing per subscription, not per VM.
  const groups = new Map<string, SecurityRuleInfo[] | undefined>();
  for (const grant of open) for (const rule of grant.rules) groups.set(rule.nsgId.toLowerCase(), undefined);
  try {
    for (const nsg of await deps.network.listSecurityGroups(subscriptionsToSearch(deps), signal)) groups.set(nsg.id.toLowerCase(), nsg.rules);
  } catch (error) {
    note("list NSGs", error);
  }

  for (const [nsgId, listed] of groups) {
    report.nsgsScanned++;
    try {
      // NSGs known only from grants (outside the configured subscriptions) are read one by one.
      const rules = listed ?? (await deps.network.listRules(nsgId, signal));
      for (const rule of rules) {
        const parsed = parseAllowRule(rule.name, rule.description);
        if (!parsed || !(await isExpired(deps, parsed, now))) continue;
        await deps.nsgChanges.remove(nsgId, rule.name, signal);
        report.rulesRemoved.push(`${nsgId.split("/").pop()}/${rule.name}`);
        deps.logger.warn({ grantId: parsed.grantId, nsgId, rule: rule.name }, "sweeper removed an expired rule");
      }
    } catch (error) {
      note(nsgId, error);
    }
  }
  return report;
}

/**
 * A live grant is authoritative (it may have been extended); a finished one never keeps a rule;
 * otherwise the expiry written in the description decides, and an unreadable one counts as expired
 * (fail closed).
 */
async function isExpired(deps: Deps, parsed: ParsedAllowRule, now: number): Promise<boolean> {
  const grant = await deps.store.get(parsed.grantId);
  if (grant && FINAL_STATUSES.includes(grant.status)) return true;
  if (grant?.status === "active" && grant.expiresAt) return Date.parse(grant.expiresAt) <= now;
  return (parsed.expiresAt?.getTime() ?? 0) <= now;
}

const lastChange = (history: { at: string }[]): string => history[history.length - 1]?.at ?? new Date(0).toISOString();
