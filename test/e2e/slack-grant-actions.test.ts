import { afterEach, describe, expect, it } from "vitest";

import {
  allowRules,
  click,
  dmsTo,
  e2eConfig,
  endReconciles,
  jit,
  NIC_NSG,
  startE2E,
  SUBNET_NSG,
  until,
  waitForPending,
  waitForStatus,
  type E2E,
} from "../support/e2e.js";

const withApproval = (mode: "none" | "approvers", grants: Record<string, string> = {}) => {
  const config = e2eConfig({
    grants: { pendingTimeout: "1h", reminderAfter: "15m", expiryNotice: "0s", sweepEvery: "1h", ...grants },
  });
  if (mode === "none") (config.policies as Record<string, unknown>[])[0]!.approval = { mode: "none" };
  return config;
};

describe("acting on grants from Slack", () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  async function approvedGrant(text: string): Promise<string> {
    const { grantId } = await jit(e2e!, "U0ALICE01", text);
    await waitForPending(e2e!, grantId!);
    await click(e2e!, "U0BOB0001", "ajar.approve", grantId!);
    await waitForStatus(e2e!, grantId!, "active");
    return grantId!;
  }

  it("sends an extension through approval again when the policy requires it", async () => {
    e2e = await startE2E(withApproval("approvers"));
    const grantId = await approvedGrant("ssh vm-prod-1 1h");
    const before = (await e2e.stack.runtime.deps.store.get(grantId))!;

    const asked = await jit(e2e, "U0ALICE01", `extend ${grantId} 30m`);
    expect(asked.reply).toMatch(/waiting for approval/);
    expect((await e2e.stack.runtime.deps.store.get(grantId))!.expiresAt).toBe(before.expiresAt);
    await until("the extension request to reach the approvers", () =>
      e2e!.stack.slack.messages.some(
        (m) =>
          m.channel === e2e!.stack.slack.dmChannelFor("U0CAROL01") &&
          /Extension by 30m requested/.test(JSON.stringify(m.blocks)),
      ),
    );
    expect((await click(e2e, "U0ALICE01", "ajar.approve", grantId)).text).toMatch(/own grant/);
    expect((await click(e2e, "U0CAROL01", "ajar.approve", grantId)).text).toMatch(/Extension approved/);

    const after = await until("the new end", async () => {
      const g = await e2e!.stack.runtime.deps.store.get(grantId);
      return g?.expiresAt !== before.expiresAt ? g : undefined;
    });
    expect(Date.parse(after!.expiresAt!) - Date.parse(before.expiresAt!)).toBe(30 * 60 * 1000);
    expect(after!.pendingExtension).toBeUndefined();
    // A reconcile of each NSG is scheduled at the new end.
    const ends = await endReconciles(e2e);
    expect(
      ends
        .filter((j) => j.notBefore >= Date.parse(after!.expiresAt!))
        .map((j) => j.nsgId.toLowerCase())
        .sort(),
    ).toEqual([NIC_NSG, SUBNET_NSG].map((n) => n.toLowerCase()).sort());
    const rule = await until("the rule to carry the new end", () =>
      allowRules(e2e!, NIC_NSG).find((r) => r.description?.includes(after!.expiresAt!.replace(/\.\d{3}Z$/, "Z"))),
    );
    expect(rule).toBeDefined();
    expect((await click(e2e, "U0BOB0001", "ajar.approve", grantId)).text).toMatch(/no extension|no longer waiting/);
  });

  it("extends at once without approval, within the policy's maximum, keeping a single close job", async () => {
    e2e = await startE2E(withApproval("none"));
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 2h");
    const active = await waitForStatus(e2e, grantId!, "active");
    expect((await jit(e2e, "U0ALICE01", `extend ${grantId} 2h`)).reply).toMatch(/You can extend by up to 1h/);
    expect((await jit(e2e, "U0ALICE01", `extend ${grantId} 45m`)).reply).toMatch(/Extended/);
    const after = (await e2e.stack.runtime.deps.store.get(grantId!))!;
    expect(Date.parse(after.expiresAt!) - Date.parse(active.expiresAt!)).toBe(45 * 60 * 1000);
    expect((await endReconciles(e2e)).filter((j) => j.notBefore >= Date.parse(after.expiresAt!))).toHaveLength(2);
    expect((await jit(e2e, "U0BOB0001", `extend ${grantId} 5m`)).reply).toMatch(/Only the requester/);
  });

  it("lets an approver revoke with the button on their approval message, and refuses anyone else", async () => {
    e2e = await startE2E(withApproval("approvers"));
    const grantId = await approvedGrant("ssh vm-prod-1 1h");
    expect((await click(e2e, "U0DAVE001", "ajar.revoke", grantId)).text).toMatch(/Only the requester or an approver/);
    expect(allowRules(e2e, NIC_NSG)).toHaveLength(1);
    expect((await click(e2e, "U0CAROL01", "ajar.revoke", grantId)).text).toMatch(/Closing `g-/);
    const closed = await waitForStatus(e2e, grantId, "closed");
    expect(closed.closeReason).toBe("revoked");
    expect(allowRules(e2e, NIC_NSG)).toHaveLength(0);
    const notice = await e2e.stack.slack.waitForCall(
      "chat.postMessage",
      (c) => c.args.channel === "C0JITNOTE" && /revoked by/.test(String(c.args.text)),
      5000,
    );
    expect(String(notice.args.text)).toContain("<@U0CAROL01>");
    const audit = (await e2e.stack.runtime.deps.audit.read({})).filter(
      (a) => a.grantId === grantId && a.event === "revoked",
    );
    expect(audit).toEqual([expect.objectContaining({ actor: "U0CAROL01" })]);
    // The Revoke button on every message is gone now; a stale click changes nothing.
    expect((await click(e2e, "U0BOB0001", "ajar.revoke", grantId)).text).toMatch(/not open/);
  });

  it("reminds approvers who have not voted, at a doubling interval, until the request is decided", async () => {
    e2e = await startE2E(withApproval("approvers", { reminderAfter: "1s" }));
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 1h");
    await waitForPending(e2e, grantId!);
    const reminders = () => dmsTo(e2e!, "U0BOB0001").filter((t) => t.startsWith("Reminder"));
    await until("the first reminder", () => reminders().length >= 1, 5000);
    const first = Date.now();
    await until("the second reminder", () => reminders().length >= 2, 6000);
    expect(Date.now() - first).toBeGreaterThan(1200);
    await click(e2e, "U0BOB0001", "ajar.approve", grantId!);
    await waitForStatus(e2e, grantId!, "active");
    const count = reminders().length;
    await new Promise((r) => setTimeout(r, 4500));
    expect(reminders().length).toBe(count);
    // Every reminder's buttons were replaced once the request was decided.
    const reminderMessages = e2e.stack.slack.messages.filter((m) => m.history[0]?.text?.startsWith("Reminder"));
    for (const m of reminderMessages) expect(JSON.stringify(m.blocks)).not.toContain("ajar.approve");
  });

  it("warns before expiry with an Extend button that works", async () => {
    e2e = await startE2E(withApproval("none", { expiryNotice: "2s" }));
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 4s");
    await waitForStatus(e2e, grantId!, "active");
    await until(
      "the expiry notice",
      () =>
        e2e!.stack.slack.messages.some(
          (m) => /closes/.test(m.text ?? "") && JSON.stringify(m.blocks).includes("ajar.extend"),
        ),
      6000,
    );
    expect((await click(e2e, "U0ALICE01", "ajar.extend", grantId!)).text).toMatch(/Extended/);
    const g = (await e2e.stack.runtime.deps.store.get(grantId!))!;
    expect(g.status).toBe("active");
    expect(Date.parse(g.expiresAt!) - Date.parse(g.openedAt!)).toBeGreaterThan(60_000);
  });

  it("lists a user's grants with time left, and what waits for an approver; shows help; cancels", async () => {
    e2e = await startE2E(withApproval("approvers"));
    const grantId = await approvedGrant("ssh vm-prod-1 1h");
    const { grantId: pendingId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-2 30m");
    await waitForPending(e2e, pendingId!);

    const mine = await e2e.stack.client.command({ userId: "U0ALICE01", text: "list" });
    const mineText = JSON.stringify(mine.body);
    expect(mineText).toContain(grantId);
    expect(mineText).toMatch(/\d+[hms]( \d+[ms])* left/);
    expect(mineText).toContain("ajar.revoke");
    expect(mineText).toContain("ajar.cancel");
    const bob = JSON.stringify((await e2e.stack.client.command({ userId: "U0BOB0001", text: "list" })).body);
    expect(bob).toContain("Waiting for your decision");
    expect(bob).toContain(pendingId);

    const help = JSON.stringify((await e2e.stack.client.command({ userId: "U0ALICE01", text: "help" })).body);
    expect(help).toContain("/jit ssh vm-prod-1 30m");
    expect(help).toContain("prod-linux");
    // The VMs the policy covers right now, by name; not those it does not cover.
    expect(help).toContain("`vm-prod-1`, `vm-prod-2`");
    expect(help).not.toContain("vm-dev-1");
    const malformed = JSON.stringify((await e2e.stack.client.command({ userId: "U0ALICE01", text: "ssh" })).body);
    expect(malformed).toContain(":warning:");
    expect(malformed).toContain("`vm-prod-1`");

    expect((await jit(e2e, "U0BOB0001", `cancel ${pendingId}`)).reply).toMatch(/Only the requester/);
    expect((await jit(e2e, "U0ALICE01", `cancel ${pendingId}`)).reply).toMatch(/Cancelled/);
    await waitForStatus(e2e, pendingId!, "cancelled");
    expect((await click(e2e, "U0BOB0001", "ajar.approve", pendingId!)).text).toMatch(/no longer waiting/);
  });
});
