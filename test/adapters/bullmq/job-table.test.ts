import { describe, expect, expectTypeOf, it } from "vitest";

import { GAVE_UP, judge } from "../../../src/adapters/bullmq/grant-worker.js";
import type { JobName } from "../../../src/adapters/bullmq/job-names.js";
import { JOBS, RECONCILE_JOB, type JobSpec, type JobTable } from "../../../src/adapters/bullmq/job-table.js";
import { exponentialBackoff, grantBackoff, reconcileBackoff } from "../../../src/adapters/bullmq/retry-policy.js";
import { authorizeGrant } from "../../../src/app/jobs/authorize-grant.js";
import { openGrant } from "../../../src/app/jobs/open-grant.js";
import { failGrant } from "../../../src/app/shared/fail-grant.js";
import { rejectGrant } from "../../../src/app/shared/reject-grant.js";
import { AjarError } from "../../../src/domain/errors.js";
import { ALICE, approved, requested } from "../../support/in-memory/estate.js";
import { makeDeps, type Harness } from "../../support/in-memory/make-deps.js";

const refusal = new AjarError("RBAC.DENIED", "You lack Microsoft.Compute/virtualMachines/read on vm-prod-1.");
const transient = (retryAfterMs?: number) =>
  new AjarError("CLOUD.TRANSIENT", "Azure is busy; ajar will retry.", {
    retryable: true,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });

describe("the grant job table", () => {
  it("has one row per job name, each naming itself, checked by the type system", () => {
    expectTypeOf<keyof typeof JOBS>().toEqualTypeOf<JobName>();
    const names: JobName[] = ["authorize", "open", "announce", "expire-pending", "remind", "expiry-notice", "sweep"];
    expect(Object.keys(JOBS).sort()).toEqual([...names].sort());
    for (const [key, spec] of Object.entries(JOBS)) expect(spec.name).toBe(key);

    const { sweep: _dropped, ...missing } = JOBS;
    // @ts-expect-error a table without the sweep row is not a job table
    const short: JobTable = missing;
    // @ts-expect-error nor is one with a job no name stands for
    const extra: JobTable = { ...JOBS, reboot: JOBS.sweep } satisfies JobTable;
    // @ts-expect-error nor one whose row names another job
    const misnamed: JobTable = { ...JOBS, open: JOBS.authorize };
    expect([short, extra, misnamed]).toHaveLength(3);
  });

  it("runs authorize and open by their use cases, and reports a request rejected and a grant failed when they give up", () => {
    expect(JOBS.authorize.run).toBe(authorizeGrant);
    expect(JOBS.authorize.onGiveUp).toBe(rejectGrant);
    expect(JOBS.open.run).toBe(openGrant);
    expect(JOBS.open.onGiveUp).toBe(failGrant);
    const quiet = Object.values(JOBS)
      .filter((spec) => !("onGiveUp" in spec))
      .map((spec) => spec.name);
    expect(quiet.sort()).toEqual(["announce", "expire-pending", "expiry-notice", "remind", "sweep"]);
  });

  it("gives up at once on a final answer, and otherwise only on the last attempt", () => {
    expect(judge(refusal, 1, 6)).toEqual({ kind: "refused", reason: refusal.userMessage });
    for (let attempt = 1; attempt < 6; attempt++) {
      expect(judge(transient(), attempt, 6)).toEqual({ kind: "retry" });
      expect(judge(new Error("socket hang up"), attempt, 6)).toEqual({ kind: "retry" });
    }
    expect(judge(transient(), 6, 6)).toEqual({ kind: "exhausted", reason: "Azure is busy; ajar will retry." });
    expect(judge(new Error("socket hang up"), 6, 6)).toEqual({ kind: "exhausted", reason: GAVE_UP });
  });

  /** One attempt of a row, then what the worker does with what it threw. */
  const attemptAsWorker = async (h: Harness, spec: JobSpec, grantId: string) => {
    const error = await spec.run(h.deps, grantId, undefined, { grantId }).then(
      () => undefined,
      (e: unknown) => e,
    );
    const verdict = judge(error, 1, spec.attempts);
    if (verdict.kind !== "retry") await spec.onGiveUp?.(h.deps, grantId, verdict.reason);
    return verdict;
  };

  it("turns a refusal authorize throws into a rejected request, with the refusal's own message", async () => {
    const h = makeDeps();
    h.permissions.revoke(ALICE.objectId);
    await h.store.create(requested());
    const verdict = await attemptAsWorker(h, JOBS.authorize, "g-aaaaaaaaaa");
    expect(verdict).toMatchObject({ kind: "refused", reason: expect.stringMatching(/Microsoft\./) });
    expect(h.store.current("g-aaaaaaaaaa")).toMatchObject({
      status: "rejected",
      failure: verdict.kind !== "retry" && verdict.reason,
    });
    expect(h.notifier.about("g-aaaaaaaaaa")).toEqual([`${ALICE.slackUserId}:rejected`]);
  });

  it("turns a refusal open throws into a failed grant, with the refusal's own message", async () => {
    const h = makeDeps();
    await h.store.create(approved());
    h.clock.advance(120); // the approval-time RBAC decision is no longer fresh
    h.permissions.revoke(ALICE.objectId);
    const verdict = await attemptAsWorker(h, JOBS.open, "g-aaaaaaaaaa");
    expect(verdict.kind).toBe("refused");
    expect(h.store.current("g-aaaaaaaaaa")).toMatchObject({
      status: "failed",
      failure: verdict.kind !== "retry" && verdict.reason,
    });
    expect(h.jobs.announced("g-aaaaaaaaaa")).toEqual(["failed"]);
  });

  it("never gives up reconciling an NSG", () => {
    expect(RECONCILE_JOB.attempts).toBeGreaterThanOrEqual(1_000_000);
  });
});

describe("backoff", () => {
  const withoutJitter = (ms: number) => ms - (ms % 100);

  it("doubles from its base to its cap", () => {
    const backoff = exponentialBackoff(500, 4_000);
    expect([1, 2, 3, 4, 5, 9].map((n) => withoutJitter(backoff(n)))).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
  });

  it("waits at least the Retry-After the domain error carries, up to its cap", () => {
    expect(grantBackoff(1, transient(42_000))).toBeGreaterThanOrEqual(42_000);
    expect(grantBackoff(1, transient(42_000))).toBeLessThan(42_100);
    expect(grantBackoff(1, transient(3_600_000))).toBeLessThan(5 * 60_000 + 100);
    expect(grantBackoff(1, transient())).toBeLessThan(600);
    expect(reconcileBackoff(1, transient(12_000))).toBeGreaterThanOrEqual(12_000);
    expect(reconcileBackoff(1, transient(120_000))).toBeLessThan(30_100);
    expect(reconcileBackoff(20, transient())).toBeLessThan(5_100);
  });
});
