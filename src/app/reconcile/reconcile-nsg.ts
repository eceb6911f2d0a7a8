import { AjarError, isAjarError } from "../../domain/errors.js";
import { isAuthorized, type AuthorizedGrant } from "../../domain/grant/grant.js";
import type { NsgSnapshot } from "../../domain/ports/network-access.port.js";
import type { Exposure, LockdownState, NsgVm } from "../../domain/rules/plan-nsg.js";
import { parseAllowRule } from "../../domain/rules/rule-naming.js";
import type { Deps } from "../deps.js";
import { applyNsgPlan } from "./apply-nsg-plan.js";
import { planForNsg } from "./plan-for-nsg.js";
import { settleGrants } from "./settle-grants.js";

/** Re-reads allowed in one pass for an NSG that keeps changing under us (412, superseded, a priority taken). */
const MAX_ROUNDS = 8;
const MAX_WAIT_MS = 10_000;

export interface NsgView {
  grants: AuthorizedGrant[];
  vms: { vms: NsgVm[]; complete: boolean };
}

/**
 * The grants indexed on an NSG and its covered VMs. Only a grant being opened is indexed, and only an
 * authorized one is opened: an id whose record is gone (or never authorized) is dropped.
 */
export async function readNsgView(deps: Pick<Deps, "store" | "nsgIndex">, nsgId: string): Promise<NsgView> {
  const ids = await deps.nsgIndex.grantIds(nsgId);
  const records = await Promise.all(ids.map((id) => deps.store.get(id)));
  const grants: AuthorizedGrant[] = [];
  for (const [i, grant] of records.entries()) {
    if (grant && isAuthorized(grant)) grants.push(grant);
    else await deps.nsgIndex.removeGrant(nsgId, ids[i]!);
  }
  return { grants, vms: await deps.nsgIndex.vms(nsgId) };
}

/**
 * One reconcile of one NSG, run under its lease: read it, plan ajar's part from the grants and VMs,
 * write the difference, then move grants on (live → active, gone → closed, refused → failed). A
 * write that lost a race (stale etag, superseded operation, a priority an administrator just took)
 * is re-planned from a fresh read; a busy NSG is waited for as long as ARM asks.
 */
export interface PassResult {
  writes: number;
  lockdowns: LockdownState[];
  exposures: Exposure[];
  /**
   * Grants moved on from what the pass left in the NSG. Not awaited by the pass itself: the next pass
   * on the NSG need not wait for grant records (a burst of ends then closes sooner); whoever reports
   * the work done (a job, a command) awaits it.
   */
  settled: Promise<void>;
}

export async function reconcileNsg(deps: Deps, nsgId: string, signal?: AbortSignal): Promise<PassResult> {
  let writes = 0;
  for (let round = 1; ; round++) {
    const snapshot = await readSnapshot(deps, nsgId, signal);
    const view = await readNsgView(deps, nsgId);
    const { plan, wants } = planForNsg(
      deps.settings,
      snapshot?.rules ?? [],
      view.grants,
      view.vms,
      deps.clock.now().getTime(),
    );
    if (!snapshot) {
      await settleGrants(deps, nsgId, view.grants, { plan: { ...plan, desired: [], puts: [] }, wants, gone: true });
      return { writes, lockdowns: [], exposures: [], settled: Promise.resolve() };
    }
    try {
      writes += await applyNsgPlan(deps, snapshot, plan, signal);
    } catch (error) {
      if (round >= MAX_ROUNDS || !isAjarError(error)) throw error;
      if (error.code === "CLOUD.STALE") continue;
      if (error.retryable) {
        await sleep(Math.min(MAX_WAIT_MS, error.retryAfterMs ?? 250 * 2 ** round), signal);
        continue;
      }
      // Azure refuses the change itself (403, a rule it will not accept): the grants that were to
      // open here are reported failed and the rest is planned again without them.
      const opening = plan.puts.map((p) => p.name);
      const failed = view.grants.filter(
        (g) => opening.some((name) => parseAllowRule(name)?.grantId === g.id) && g.status === "approved",
      );
      if (failed.length === 0) throw error;
      await settleGrants(deps, nsgId, failed, {
        plan: {
          ...plan,
          desired: [],
          puts: [],
          refused: failed.map((g) => ({ grantId: g.id, reason: error.userMessage })),
        },
        wants,
        gone: false,
      });
      continue;
    }
    const readNames = new Set(snapshot.rules.map((r) => r.name.toLowerCase()));
    const settled = settleGrants(deps, nsgId, view.grants, {
      plan,
      wants,
      gone: false,
      landedAt: deps.clock.now(),
      readNames,
    });
    reportLockdown(deps, nsgId, plan);
    return { writes, lockdowns: plan.lockdowns, exposures: plan.exposures, settled };
  }
}

async function readSnapshot(deps: Deps, nsgId: string, signal?: AbortSignal): Promise<NsgSnapshot | undefined> {
  try {
    return await deps.network.getSecurityGroup(nsgId, signal);
  } catch (error) {
    // A deleted NSG holds no rule: its grants are settled as if every rule were gone.
    if (isAjarError(error) && error.code === "CLOUD.NOT_FOUND") return undefined;
    throw error;
  }
}

function reportLockdown(deps: Deps, nsgId: string, plan: ReturnType<typeof planForNsg>["plan"]): void {
  for (const exposure of plan.exposures) {
    deps.metrics.exposure(exposure.vmName, exposure.port);
    deps.logger.warn(
      { nsgId, vm: exposure.vmName, port: exposure.port, rule: exposure.rule, priority: exposure.priority },
      "VM not locked down: an allow from any source sits above its deny",
    );
  }
  for (const lockdown of plan.lockdowns) {
    if (lockdown.state === "impossible")
      deps.logger.warn(
        { nsgId, vm: lockdown.vmName, reason: lockdown.reason },
        "VM not locked down: no place for its deny rule",
      );
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AjarError("CLOUD.TRANSIENT", "stopped", { retryable: true }));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(new AjarError("CLOUD.TRANSIENT", "stopped", { retryable: true }));
      },
      { once: true },
    );
  });
}
