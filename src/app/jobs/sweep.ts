import { errorMessage, isAjarError } from "../../domain/errors.js";
import { configuredFirewalls } from "../../domain/firewall/firewall-for-vm.js";
import { OPEN_STATUSES, type Grant } from "../../domain/grant/grant.js";
import { ruleInNsg } from "../../domain/grant/rule-in-nsg.js";
import type { Deps } from "../deps.js";
import { subscriptionsToSearch } from "../queries/find-vm.js";
import { endOf } from "../reconcile/grant-wants.js";
import { planForNsg } from "../reconcile/plan-for-nsg.js";
import { readNsgView } from "../reconcile/reconcile-nsg.js";
import { endGrant } from "../shared/end-grant.js";
import { failGrant } from "../shared/fail-grant.js";
import { recheckIdentity } from "../shared/recheck-identity.js";
import { discoverVms } from "./discover-vms.js";
import { expirePending } from "./expire-pending.js";

export interface SweepReport {
  nsgsScanned: number;
  reconciles: string[];
  grantsRequeued: string[];
  grantsFailed: string[];
  /** Open grants closed because their requester's identity is gone. */
  grantsEnded: string[];
  unresolvedVms: string[];
  errors: string[];
}

/** A job that should have run by now is presumed lost after this long. */
const LOST_JOB_GRACE_MS = 60_000;

/**
 * The safety net, and lock-down for VMs that appeared since: every NSG of the configured subscriptions
 * is compared with what the grants and covered VMs want, from one listing per subscription, and any
 * NSG that differs is reconciled (the same reconcile events use). Each subscription is swept on its
 * own: one that cannot be read is reported and counted, and the others are still swept. Grants whose
 * jobs were lost are picked up again.
 */
export async function sweep(deps: Deps, signal?: AbortSignal): Promise<SweepReport> {
  const report: SweepReport = {
    nsgsScanned: 0,
    reconciles: [],
    grantsRequeued: [],
    grantsFailed: [],
    grantsEnded: [],
    unresolvedVms: [],
    errors: [],
  };
  const note = (what: string, error: unknown): void => {
    report.errors.push(`${what}: ${isAjarError(error) ? error.userMessage : errorMessage(error)}`);
  };
  const toReconcile = new Map<string, string>();
  const want = (nsgId: string): void => void toReconcile.set(nsgId.toLowerCase(), nsgId);

  const open = await deps.store.list({ statuses: [...OPEN_STATUSES], limit: 100_000 });
  for (const grant of open) {
    try {
      await recover(deps, grant, report, want);
    } catch (error) {
      note(grant.id, error);
    }
  }
  try {
    await endGrantsOfLostIdentities(deps, open, report);
  } catch (error) {
    note("identity check", error);
  }

  const listed = new Set<string>();
  await Promise.all(
    subscriptionsToSearch(deps).map(async (subscriptionId) => {
      try {
        for (const id of await sweepSubscription(deps, subscriptionId, report, want, signal))
          listed.add(id.toLowerCase());
      } catch (error) {
        deps.metrics.sweepFailure(subscriptionId);
        deps.logger.error(
          { subscriptionId, err: errorMessage(error) },
          "sweep could not read a subscription; the others are still swept",
        );
        note(`subscription ${subscriptionId}`, error);
      }
    }),
  );
  // NSGs ajar has grants in that no listing covered (another subscription, or one that failed).
  for (const nsgId of await deps.nsgIndex.knownNsgs()) {
    if (!listed.has(nsgId.toLowerCase()) && (await deps.nsgIndex.grantIds(nsgId)).length > 0) want(nsgId);
  }
  // Configured firewalls are passed over every sweep: a DNAT entry whose grant Redis no longer knows goes.
  for (const firewall of configuredFirewalls(deps.settings.policies)) want(firewall.id);
  report.reconciles = [...toReconcile.values()];
  if (report.reconciles.length > 0) await deps.reconciles.request(report.reconciles);
  return report;
}

async function sweepSubscription(
  deps: Deps,
  subscriptionId: string,
  report: SweepReport,
  want: (nsgId: string) => void,
  signal?: AbortSignal,
): Promise<string[]> {
  const snapshots = await deps.network.listSecurityGroups(subscriptionId, signal);
  try {
    const discovery = await discoverVms(
      deps,
      subscriptionId,
      snapshots.map((s) => s.id),
      signal,
    );
    discovery.changed.forEach(want);
    report.unresolvedVms.push(...discovery.unresolved.map((u) => `${u.vm}: ${u.reason}`));
  } catch (error) {
    // Without the VM list, lock-downs stay as they are; rules of grants are still checked below.
    deps.metrics.sweepFailure(subscriptionId);
    report.errors.push(
      `VMs of subscription ${subscriptionId}: ${isAjarError(error) ? error.userMessage : errorMessage(error)}`,
    );
  }
  const now = deps.clock.now().getTime();
  for (const snapshot of snapshots) {
    report.nsgsScanned++;
    const view = await readNsgView(deps, snapshot.id);
    const { plan } = planForNsg(deps.settings, snapshot.rules, view.grants, view.vms, now);
    const unsettled = view.grants.some((g) => {
      const rule = ruleInNsg(g, snapshot.id);
      return !rule?.liveAt && !rule?.closedAt;
    });
    if (plan.puts.length > 0 || plan.deletes.length > 0 || unsettled) want(snapshot.id);
  }
  return snapshots.map((s) => s.id);
}

/**
 * An open grant's requester is checked again at every sweep: an account disabled or deleted in Entra
 * ID, or removed from `identities`, gets nothing more, and its open grants close. One check per person,
 * however many grants they hold; an answer that cannot be had now (Graph unreachable) closes nothing.
 */
async function endGrantsOfLostIdentities(deps: Deps, open: Grant[], report: SweepReport): Promise<void> {
  const byRequester = new Map<string, Grant[]>();
  for (const grant of open) {
    if (grant.status !== "active" || grant.ending) continue;
    const key = `${grant.requester.slackUserId}/${grant.requester.objectId}`;
    byRequester.set(key, [...(byRequester.get(key) ?? []), grant]);
  }
  for (const grants of byRequester.values()) {
    const verdict = await recheckIdentity(deps, grants[0]!);
    if (verdict.ok || verdict.retryable) continue;
    for (const grant of grants) {
      await endGrant(deps, grant.id, { reason: "revoked", actor: "ajar", detail: verdict.reason });
      report.grantsEnded.push(grant.id);
    }
  }
}

/** Grants whose own jobs were lost (a crash, a Redis restore) are moved on again. */
async function recover(deps: Deps, grant: Grant, report: SweepReport, want: (nsgId: string) => void): Promise<void> {
  const now = deps.clock.now().getTime();
  const idle = now - Date.parse(grant.history[grant.history.length - 1]?.at ?? grant.createdAt);
  if (grant.status === "requested" && idle > LOST_JOB_GRACE_MS) {
    await deps.jobs.authorize(grant.id);
    report.grantsRequeued.push(grant.id);
  } else if (
    grant.status === "pending" &&
    grant.pendingUntil &&
    Date.parse(grant.pendingUntil) + LOST_JOB_GRACE_MS < now
  ) {
    await expirePending(deps, grant.id);
  } else if (
    grant.status === "approved" &&
    !grant.network &&
    idle > LOST_JOB_GRACE_MS &&
    Date.parse(grant.startAt ?? grant.createdAt) + LOST_JOB_GRACE_MS < now
  ) {
    await deps.jobs.open(grant.id);
    report.grantsRequeued.push(grant.id);
  } else if (
    grant.status === "approved" &&
    grant.network &&
    !grant.ending &&
    idle > deps.settings.openTimeoutSeconds * 1000
  ) {
    await failGrant(
      deps,
      grant.id,
      `Azure did not accept its rules within ${Math.round(deps.settings.openTimeoutSeconds / 60)} minutes; nothing stays open. Try again later.`,
    );
    report.grantsFailed.push(grant.id);
  } else if (grant.network && (grant.ending || endOf(grant) <= now || idle > LOST_JOB_GRACE_MS)) {
    grant.network.nsgIds.forEach(want);
  }
}
