import { afterEach, describe, expect, it } from "vitest";

import { parseAt, resolveStart } from "../../src/domain/time/start-spec.js";
import {
  allowRules,
  click,
  dmsTo,
  dueGrantJobs,
  e2eConfig,
  jit,
  NIC_NSG,
  startE2E,
  until,
  waitForPending,
  waitForStatus,
  type E2E,
} from "../support/e2e.js";

function config(approval?: unknown): Record<string, unknown> {
  const c = e2eConfig();
  if (approval) (c.policies as Record<string, unknown>[])[0]!.approval = approval;
  return c;
}

describe("a later start: approved ahead, opened at the start", () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it("opens within 1 s of the start and closes the duration after it", async () => {
    e2e = await startE2E(config({ mode: "none" }));
    const { grantId, reply } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 3s in 2s");
    expect(reply).toMatch(/It opens .* if approved by then/);
    const approved = await waitForStatus(e2e, grantId!, "approved");
    const start = Date.parse(approved.startAt!);
    expect(start - Date.parse(approved.createdAt)).toBeGreaterThanOrEqual(1900);
    expect(allowRules(e2e, NIC_NSG)).toHaveLength(0);
    // The decision is stored first, then its open is booked for the start.
    await until("the open booked for the start", async () =>
      (await dueGrantJobs(e2e!)).some((j) => j.name === "open" && j.grantId === grantId),
    );

    const active = await waitForStatus(e2e, grantId!, "active", 10_000);
    const late = Date.parse(active.openedAt!) - start;
    expect(late).toBeGreaterThanOrEqual(0);
    expect(late).toBeLessThan(1000);
    expect(Date.parse(active.expiresAt!) - Date.parse(active.openedAt!)).toBe(3000);
    const closed = await waitForStatus(e2e, grantId!, "closed", 10_000);
    expect(Date.parse(closed.closedAt!) - start).toBeLessThan(3000 + 2000);
  });

  it("is approved ahead, until the start, and opens then", async () => {
    e2e = await startE2E(config());
    const startIso = new Date(Date.now() + 3000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const { grantId } = await jit(e2e, "U0ALICE01", `ssh vm-prod-1 30m at ${startIso} because patch window`);
    const pending = await waitForPending(e2e, grantId!);
    expect(pending.startAt).toBe(new Date(startIso).toISOString());
    expect(pending.pendingUntil).toBe(pending.startAt);
    await click(e2e, "U0BOB0001", "ajar.approve", grantId!);
    const approved = await waitForStatus(e2e, grantId!, "approved");
    await until("the approval DM naming the start", () =>
      dmsTo(e2e!, "U0ALICE01").some((t) => /was approved; ssh \(22\/Tcp\) on `vm-prod-1` opens/.test(t)),
    );
    expect(allowRules(e2e, NIC_NSG)).toHaveLength(0);
    const active = await waitForStatus(e2e, grantId!, "active", 10_000);
    expect(Date.parse(active.openedAt!) - Date.parse(approved.startAt!)).toBeLessThan(1000);
    expect(Date.parse(active.expiresAt!) - Date.parse(active.openedAt!)).toBe(30 * 60 * 1000);
  });

  it("counts the maximum from the start, not from the request", async () => {
    e2e = await startE2E(config());
    // The policy allows 3h: a 3h window starting in 1h ends 4h after the request, and is fine.
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 3h in 1h");
    const pending = await waitForPending(e2e, grantId!);
    expect(pending.durationSeconds).toBe(3 * 3600);
    expect(Date.parse(pending.startAt!) - Date.parse(pending.createdAt)).toBe(3600 * 1000);
    const tooLong = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 4h in 1h");
    const refused = await waitForStatus(e2e, tooLong.grantId!, "rejected");
    expect(refused.failure).toMatch(/longer than this VM allows/);
  });

  it("reads `at 14:00` in the requester's Slack time zone and refuses starts beyond maxLeadTime", async () => {
    e2e = await startE2E(config());
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 1h at 14:00");
    const pending = await waitForPending(e2e, grantId!);
    // Alice's Slack profile says Europe/Amsterdam.
    expect(pending.startAt).toBe(
      resolveStart(parseAt("14:00"), new Date(pending.createdAt), "Europe/Amsterdam").toISOString(),
    );

    const far = new Date(Date.now() + 8 * 24 * 3600 * 1000).toISOString().slice(0, 16) + "Z";
    const refused = await jit(e2e, "U0ALICE01", `ssh vm-prod-1 1h at ${far}`);
    expect(refused.grantId).toBeUndefined();
    expect(refused.reply).toMatch(/more than 7d ahead/);
    const past = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 1h at 2020-01-01T10:00Z");
    expect(past.reply).toMatch(/in the past/);
  });

  it("takes no approval after the start, and a scheduled grant can be cancelled before it", async () => {
    e2e = await startE2E(config());
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 30m in 2s");
    await waitForPending(e2e, grantId!);
    const expired = await waitForStatus(e2e, grantId!, "expired", 10_000);
    expect(Date.parse(expired.history.at(-1)!.at) - Date.parse(expired.startAt!)).toBeLessThan(1500);
    expect((await click(e2e, "U0BOB0001", "ajar.approve", grantId!)).text).toMatch(/no longer waiting/);

    const later = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 30m in 1h");
    await waitForPending(e2e, later.grantId!);
    await click(e2e, "U0BOB0001", "ajar.approve", later.grantId!);
    await waitForStatus(e2e, later.grantId!, "approved");
    expect((await jit(e2e, "U0ALICE01", `cancel ${later.grantId}`)).reply).toMatch(/Cancelled/);
    expect((await e2e.stack.runtime.deps.store.get(later.grantId!))?.status).toBe("cancelled");
  });
});
