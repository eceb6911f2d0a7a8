import { afterEach, describe, expect, it } from "vitest";

import {
  click,
  e2eConfig,
  jit,
  NIC_NSG,
  startE2E,
  until,
  waitForLockdown,
  waitForPending,
  waitForStatus,
  type E2E,
} from "../support/e2e.js";
import { bytesByClass, streamEntryBytes } from "../support/redis-bytes.js";

/** What one grant may hold in Redis at any point of its life: its record, its jobs and its index entries. */
const BOUND = 3072;
/** What one line of the audit log (kept a year, apart from the grant) may take. */
const AUDIT_ENTRY_BOUND = 200;

/** Two approvals, a heads-up before the end: every kind of per-grant state ajar keeps. */
function config(): Record<string, unknown> {
  const settings = e2eConfig({
    grants: { pendingTimeout: "1h", reminderAfter: "15m", expiryNotice: "5m", sweepEvery: "1h" },
  });
  const [policy] = settings.policies as Record<string, unknown>[];
  policy!.approval = { mode: "approvers", users: ["U0BOB0001", "U0CAROL01"], minApprovals: 2 };
  return settings;
}

describe("a grant's Redis footprint", () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  /**
   * What is under the test's prefix once no job is waiting or running: MEMORY USAGE of every key but
   * the streams, and the audit stream by its entries. Streams grow by whole 4 KB nodes that many
   * grants share; BullMQ's are capped in length for all grants together.
   */
  async function footprint(): Promise<{ bytes: number; audit: { bytes: number; entries: number }; kinds: string }> {
    const { runtime } = e2e!.stack;
    await until("the queues to drain", async () => {
      const counts = await Promise.all(
        [runtime.queue, runtime.reconcileQueue].map((q) => q.getJobCounts("waiting", "active", "prioritized")),
      );
      return counts.every((c) => Object.values(c).every((n) => n === 0));
    });
    const classes = [...(await bytesByClass(runtime.redis, e2e!.prefix))].filter(
      ([kind]) => !kind.endsWith("events") && kind !== "audit",
    );
    const audit = await streamEntryBytes(runtime.redis, `${e2e!.prefix}audit`);
    return {
      bytes: classes.reduce((sum, [, c]) => sum + c.bytes, 0),
      audit,
      kinds: classes.map(([kind, c]) => `${kind}: ${c.bytes} B in ${c.keys} keys`).join("\n"),
    };
  }

  /** A grant asked for and approved by both approvers, once it is open and its path checked. */
  async function opened(source: string, between: (stage: string) => Promise<void> = async () => undefined) {
    const asked = await jit(e2e!, "U0ALICE01", `ssh vm-prod-1 1h from ${source} because patch the kernel`);
    const grantId = asked.grantId!;
    await waitForPending(e2e!, grantId);
    await between("requested, approvers asked");
    expect((await click(e2e!, "U0BOB0001", "ajar.approve", grantId)).text).toMatch(/more approvals are needed/);
    await between("one vote of two");
    await click(e2e!, "U0CAROL01", "ajar.approve", grantId);
    const active = await waitForStatus(e2e!, grantId, "active");
    await until("the path check", async () => (await e2e!.stack.runtime.deps.store.get(grantId))?.pathCheck);
    return active;
  }

  /** One grant from request to close; `measure` runs after each stage, once the work it caused is done. */
  async function lifecycle(source: string, measure: (stage: string) => Promise<void>): Promise<void> {
    const active = await opened(source, measure);
    const grantId = active.id;
    await measure("open");

    expect((await jit(e2e!, "U0ALICE01", `extend ${grantId} 30m`)).reply).toMatch(/waiting for approval/);
    await click(e2e!, "U0BOB0001", "ajar.approve", grantId);
    await click(e2e!, "U0CAROL01", "ajar.approve", grantId);
    await until("the new end", async () => {
      const grant = await e2e!.stack.runtime.deps.store.get(grantId);
      return grant?.expiresAt !== active.expiresAt;
    });
    await measure("extended");

    expect((await jit(e2e!, "U0ALICE01", `revoke ${grantId}`)).status).toBe(200);
    await waitForStatus(e2e!, grantId, "closed");
    await measure("closed");
  }

  it(`stays under ${BOUND} bytes through request, votes, opening, extension and close`, async () => {
    e2e = await startE2E(config());
    await waitForLockdown(e2e, NIC_NSG, "vm-prod-1");
    // As in any running ajar, other grants have come and gone, and one is open: what grants share
    // (the indexes, the NSGs' grant sets, the queues' keys) exists already.
    await lifecycle("203.0.113.7", async () => undefined);
    await opened("203.0.113.8");
    const before = await footprint();
    const sizes: Record<string, number> = {};
    await lifecycle("203.0.113.9", async (stage) => {
      const now = await footprint();
      sizes[stage] = now.bytes - before.bytes;
      expect(sizes[stage], `${stage}: before\n${before.kinds}\nnow\n${now.kinds}`).toBeLessThanOrEqual(BOUND);
      const lines = now.audit.entries - before.audit.entries;
      expect(now.audit.bytes - before.audit.bytes, `${stage}: ${lines} audit lines`).toBeLessThanOrEqual(
        lines * AUDIT_ENTRY_BOUND,
      );
    });
  }, 120_000);
});
