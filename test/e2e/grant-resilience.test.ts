import { afterEach, describe, expect, it } from "vitest";

import { sweep } from "../../src/app/jobs/sweep.js";
import { reconcileNow } from "../../src/app/reconcile/reconcile-now.js";
import {
  allowRules,
  e2eConfig,
  jit,
  NIC_NSG,
  startE2E,
  SUBNET_NSG,
  until,
  waitForLockdown,
  waitForStatus,
  type E2E,
} from "../support/e2e.js";

function noApproval(): Record<string, unknown> {
  const config = e2eConfig();
  (config.policies as Record<string, unknown>[])[0]!.approval = { mode: "none" };
  return config;
}

describe("grants survive faults, crashes and lost jobs", () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it("keeps overlapping grants for the same VM and port apart: the first expiry leaves the second open", async () => {
    e2e = await startE2E(noApproval());
    const first = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 2s from 203.0.113.7");
    const second = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 1h from 203.0.113.7");
    await waitForStatus(e2e, first.grantId!, "active");
    await waitForStatus(e2e, second.grantId!, "active");
    expect(allowRules(e2e, NIC_NSG)).toHaveLength(2);
    const priorities = e2e.stack.azure.getRules(NIC_NSG).map((r) => r.priority);
    expect(new Set(priorities).size).toBe(priorities.length);

    await waitForStatus(e2e, first.grantId!, "closed", 10_000);
    const left = allowRules(e2e, NIC_NSG);
    expect(left).toHaveLength(1);
    expect(left[0]!.name).toContain(second.grantId!);
  });

  it("retries ARM faults while opening and closing (5xx, 429 with Retry-After, dropped connections, conflicts)", async () => {
    e2e = await startE2E(noApproval());
    const { azure } = e2e.stack;
    azure.failNext({ status: 500, count: 2, match: { method: "PUT", path: "securityRules/ajar-g-" } });
    azure.failNext({ status: "drop", count: 1, match: { method: "GET", path: "networkSecurityGroups/nsg-snet-app" } });
    azure.failNext({
      status: 429,
      count: 1,
      retryAfterSeconds: 1,
      match: { method: "PUT", path: "securityRules/ajar-g-" },
    });
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 2s");
    await waitForStatus(e2e, grantId!, "active", 20_000);
    expect(allowRules(e2e, NIC_NSG)).toHaveLength(1);
    expect(allowRules(e2e, SUBNET_NSG)).toHaveLength(1);

    azure.failNext({ status: 503, count: 2, match: { method: "DELETE" } });
    azure.failNext({ status: 409, code: "AnotherOperationInProgress", count: 1, match: { method: "DELETE" } });
    await waitForStatus(e2e, grantId!, "closed", 20_000);
    expect(allowRules(e2e, NIC_NSG)).toHaveLength(0);
    expect(allowRules(e2e, SUBNET_NSG)).toHaveLength(0);
  });

  it("fails a grant Azure refuses outright and tells the requester, leaving nothing open", async () => {
    e2e = await startE2E(noApproval());
    for (const nsg of [NIC_NSG, SUBNET_NSG]) await waitForLockdown(e2e, nsg, "vm-prod-1");
    e2e.stack.azure.failNext({
      status: 403,
      code: "AuthorizationFailed",
      message: "The client does not have authorization",
      count: 1,
      match: { method: "PUT", path: "nsg-vm-prod-1" },
    });
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 30m");
    const failed = await waitForStatus(e2e, grantId!, "failed", 10_000);
    expect(failed.failure).toMatch(/AuthorizationFailed|authorization/i);
    await until(
      "the rollback",
      () => allowRules(e2e!, NIC_NSG).length === 0 && allowRules(e2e!, SUBNET_NSG).length === 0,
    );
  });

  it("closes on time after the worker that opened the rule died", async () => {
    e2e = await startE2E(noApproval());
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 3s");
    const active = await waitForStatus(e2e, grantId!, "active");
    // Kill: no graceful close, connections dropped.
    await e2e.stack.worker!.worker.close(true);
    e2e.stack.runtime.redis.disconnect();
    const replacement = await e2e.stack.addWorker({ lockDurationMs: 2000, stalledIntervalMs: 1000 });
    const closed = await until(
      "the close by the new worker",
      async () => {
        const g = await replacement.runtime.deps.store.get(grantId!);
        return g?.status === "closed" ? g : undefined;
      },
      15_000,
    );
    expect(Date.parse(closed.closedAt!) - Date.parse(active.expiresAt!)).toBeLessThan(3000);
    expect(allowRules(e2e, NIC_NSG)).toHaveLength(0);
  });

  it("sweeps a rule whose end was lost, and one whose grant Redis lost", async () => {
    e2e = await startE2E(noApproval());
    const { deps, reconcileQueue, redis } = e2e.stack.runtime;
    const a = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 1s");
    const b = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 1s from 203.0.113.8");
    await waitForStatus(e2e, a.grantId!, "active");
    await waitForStatus(e2e, b.grantId!, "active");
    await e2e.stack.worker!.close();
    // Every scheduled end is lost, and so is b's record.
    for (const job of await reconcileQueue.getJobs(["delayed", "waiting"])) await job.remove();
    await redis.del(`${e2e.prefix}due`);
    await redis.del(`${e2e.prefix}grant:${b.grantId}`);
    await new Promise((r) => setTimeout(r, 1500));
    expect(allowRules(e2e, NIC_NSG)).toHaveLength(2);

    // Pretend a minute has passed so the lost-job grace is over.
    const later = { ...deps, clock: { now: () => new Date(Date.now() + 120_000) } };
    const report = await sweep(later);
    expect(report.errors).toEqual([]);
    expect(report.reconciles.map((n) => n.toLowerCase())).toEqual(
      expect.arrayContaining([NIC_NSG.toLowerCase(), SUBNET_NSG.toLowerCase()]),
    );
    for (const nsg of report.reconciles) await reconcileNow(later, nsg);
    expect(allowRules(e2e, NIC_NSG)).toHaveLength(0);
    expect(allowRules(e2e, SUBNET_NSG)).toHaveLength(0);
    expect((await deps.store.get(a.grantId!))?.status).toBe("closed");
    expect(report.nsgsScanned).toBeGreaterThanOrEqual(2);
  });

  it("sweeps a rule left behind by a grant that already ended, whatever expiry its description says", async () => {
    e2e = await startE2E(noApproval());
    const { deps } = e2e.stack.runtime;
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 1h");
    const active = await waitForStatus(e2e, grantId!, "active");
    // As if a close had been recorded while Azure kept the rule (a hand-restored rule, say).
    expect(await deps.store.replace({ ...active, status: "closed", version: active.version + 1 }, active.version)).toBe(
      true,
    );
    expect(allowRules(e2e, NIC_NSG)).toHaveLength(1);
    const report = await sweep(deps);
    expect(report.reconciles.length).toBeGreaterThanOrEqual(2);
    await until(
      "the sweep's reconciles",
      () => allowRules(e2e!, NIC_NSG).length === 0 && allowRules(e2e!, SUBNET_NSG).length === 0,
    );
  });
});
