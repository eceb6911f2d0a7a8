import { afterEach, describe, expect, it } from "vitest";

import {
  allowRules,
  armWritesTo,
  click,
  dmsTo,
  e2eConfig,
  endReconciles,
  jit,
  lockdownRule,
  NIC_NSG,
  startE2E,
  SUBNET_NSG,
  until,
  waitForLockdown,
  waitForPending,
  waitForStatus,
  type E2E,
} from "../support/e2e.js";

describe("grant lifecycle through Slack, BullMQ and ARM", () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it("opens the requester's IP only after approval and closes it at expiry, with notifications", async () => {
    e2e = await startE2E();
    const { stack } = e2e;
    const lockdown = await waitForLockdown(e2e, NIC_NSG, "vm-prod-1");
    expect(lockdown).toMatchObject({ access: "Deny", direction: "Inbound" });

    const { grantId, status } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 3s from 203.0.113.7 because rotate logs");
    expect(status).toBe(200);
    expect(grantId).toBeDefined();

    // The approval request reaches both approvers, with buttons.
    const asked = await stack.slack.waitForCall(
      "chat.postMessage",
      (c) => c.args.channel === stack.slack.dmChannelFor("U0BOB0001"),
      10_000,
    );
    expect(JSON.stringify(asked.args.blocks)).toContain("ajar.approve");
    expect(String(asked.args.text)).toContain(grantId!);
    expect(allowRules(e2e, NIC_NSG)).toHaveLength(0);

    const approved = await click(e2e, "U0BOB0001", "ajar.approve", grantId!);
    expect(approved.text).toMatch(/Approved/);
    const active = await waitForStatus(e2e, grantId!, "active");

    // The window starts at opening, not at request.
    expect(Date.parse(active.expiresAt!) - Date.parse(active.openedAt!)).toBeLessThanOrEqual(3000);
    expect(Date.parse(active.expiresAt!)).toBeGreaterThan(Date.parse(active.createdAt) + 3000 - 1);

    for (const nsg of [NIC_NSG, SUBNET_NSG]) {
      const [rule] = allowRules(e2e, nsg);
      expect(rule).toMatchObject({ access: "Allow", direction: "Inbound", protocol: "Tcp" });
      expect([rule!.sourceAddressPrefix, ...(rule!.sourceAddressPrefixes ?? [])].join()).toContain("203.0.113.7");
      expect([rule!.destinationAddressPrefix, ...(rule!.destinationAddressPrefixes ?? [])].join()).toContain(
        "10.0.1.4",
      );
      const deny = lockdownRule(e2e, nsg, "vm-prod-1")!;
      expect(rule!.priority).toBeLessThan(deny.priority);
      expect(rule!.description).toContain(grantId!);
    }

    const closed = await waitForStatus(e2e, grantId!, "closed", 15_000);
    expect(closed.closeReason).toBe("expired");
    expect(Date.parse(closed.closedAt!) - Date.parse(closed.expiresAt!)).toBeLessThan(3000);
    expect(allowRules(e2e, NIC_NSG)).toHaveLength(0);
    expect(allowRules(e2e, SUBNET_NSG)).toHaveLength(0);
    expect(stack.azure.getRules(SUBNET_NSG).some((r) => r.name === "Allow-HTTPS")).toBe(true);

    const channel = await stack.slack.waitForCall(
      "chat.postMessage",
      (c) => c.args.channel === "C0JITNOTE" && /expired/.test(String(c.args.text)),
      5000,
    );
    expect(String(channel.args.text)).toContain("vm-prod-1");
    await until("the requester's closing DM", () => dmsTo(e2e!, "U0ALICE01").some((t) => /closed at/.test(t)));

    // Earlier DMs keep what they said then, and show how things stand now.
    const pendingDm = stack.slack.messages.find(
      (m) =>
        m.channel === stack.slack.dmChannelFor("U0ALICE01") && /is waiting for approval/.test(m.history[0]?.text ?? ""),
    )!;
    await until("the old DM to show the close", () => /Closed/.test(JSON.stringify(pendingDm.blocks)));
    expect(JSON.stringify(pendingDm.blocks)).toMatch(/is waiting for approval/);
    expect(JSON.stringify(pendingDm.blocks)).not.toContain("ajar.cancel");

    // The approval message no longer offers buttons.
    const updates = stack.slack.callsTo("chat.update").filter((c) => c.args.ts === asked.response.ts);
    expect(JSON.stringify(updates.at(-1)?.args.blocks)).not.toContain("ajar.approve");

    const audit = (await stack.runtime.deps.audit.read({})).filter((a) => a.grantId === grantId).map((a) => a.event);
    expect(audit).toEqual(["requested", "pending", "approved", "opened", "expired"]);

    const metrics = await (await fetch(`${stack.web.opsUrl}/metrics`)).text();
    expect(metrics).toMatch(/ajar_commands_total\{kind="request"\} 1/);
    expect(metrics).toMatch(/ajar_grants_total\{status="closed",reason="expired"\} 1/);
    expect(metrics).toMatch(/ajar_arm_requests_total\{operation="(putRule|replaceAjarRules)",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/ajar_close_lateness_seconds_count 1/);
  });

  it("opens one rule and schedules one close when two approvers click at the same moment", async () => {
    e2e = await startE2E();
    for (const nsg of [NIC_NSG, SUBNET_NSG]) await waitForLockdown(e2e, nsg, "vm-prod-1");
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 30m");
    await waitForPending(e2e, grantId!);
    const [a, b] = await Promise.all([
      click(e2e, "U0BOB0001", "ajar.approve", grantId!),
      click(e2e, "U0CAROL01", "ajar.approve", grantId!),
    ]);
    expect([a.text, b.text].filter((t) => /Approved/.test(t))).toHaveLength(1);
    expect([a.text, b.text].find((t) => !/Approved/.test(t))).toMatch(/no longer waiting/);
    const grant = await waitForStatus(e2e, grantId!, "active");
    expect(grant.rules).toHaveLength(2);
    expect(allowRules(e2e, NIC_NSG)).toHaveLength(1);
    // One end scheduled per NSG, and one write per NSG (the lock-downs were in place already).
    const ends = (await endReconciles(e2e)).filter((j) => j.notBefore >= Date.parse(grant.expiresAt!));
    expect(ends.map((j) => j.nsgId.toLowerCase()).sort()).toEqual(
      [NIC_NSG, SUBNET_NSG].map((n) => n.toLowerCase()).sort(),
    );
    for (const nsg of [NIC_NSG, SUBNET_NSG])
      expect(
        armWritesTo(e2e, nsg).filter(
          (w) => Date.parse(w.at) >= Date.parse(grant.history.find((h) => h.type === "approved")!.at),
        ),
      ).toHaveLength(1);
  });

  it("never counts the requester as an approver, and refuses outsiders without changing anything", async () => {
    e2e = await startE2E(
      e2eConfig({
        identities: [
          { slackUserId: "U0BOB0001", objectId: "11111111-1111-1111-1111-111111111111", defaultSource: "203.0.113.7" },
          { slackUserId: "U0CAROL01", objectId: "33333333-3333-3333-3333-333333333333" },
        ],
      }),
    );
    const { grantId } = await jit(e2e, "U0BOB0001", "ssh vm-prod-1 30m");
    const pending = await waitForPending(e2e, grantId!);
    expect(pending.approval.eligible).toEqual(["U0CAROL01"]);
    expect((await click(e2e, "U0BOB0001", "ajar.approve", grantId!)).text).toMatch(/own request/);
    expect((await click(e2e, "U0DAVE001", "ajar.approve", grantId!)).text).toMatch(/not an approver/);
    const after = await e2e.stack.runtime.deps.store.get(grantId!);
    expect(after).toMatchObject({ status: "pending", version: pending.version });
  });

  it("waits for N of M approvals", async () => {
    const config = e2eConfig();
    (config.policies as Record<string, unknown>[])[0]!.approval = {
      mode: "approvers",
      users: ["U0BOB0001", "U0CAROL01", "U0DAVE001"],
      minApprovals: 2,
    };
    e2e = await startE2E(config);
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 30m");
    await waitForPending(e2e, grantId!);
    expect((await click(e2e, "U0BOB0001", "ajar.approve", grantId!)).text).toMatch(/more approvals are needed/);
    expect((await e2e.stack.runtime.deps.store.get(grantId!))?.status).toBe("pending");
    expect((await click(e2e, "U0BOB0001", "ajar.approve", grantId!)).text).toMatch(/already voted/);
    expect((await click(e2e, "U0CAROL01", "ajar.approve", grantId!)).text).toMatch(/Approved/);
    await waitForStatus(e2e, grantId!, "active");
  });

  it("ends a denied request with a message to the requester", async () => {
    e2e = await startE2E();
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 30m");
    await waitForPending(e2e, grantId!);
    expect((await click(e2e, "U0CAROL01", "ajar.deny", grantId!)).text).toMatch(/Denied/);
    await waitForStatus(e2e, grantId!, "denied");
    await until("the denial DM", () => dmsTo(e2e!, "U0ALICE01").some((t) => /was denied/.test(t)));
    expect((await click(e2e, "U0BOB0001", "ajar.approve", grantId!)).text).toMatch(/no longer waiting/);
    expect(allowRules(e2e, NIC_NSG)).toHaveLength(0);
  });

  it("expires a pending request nobody decided and says so on its message", async () => {
    e2e = await startE2E(
      e2eConfig({ grants: { pendingTimeout: "1s", reminderAfter: "15m", expiryNotice: "0s", sweepEvery: "1h" } }),
    );
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 30m");
    await waitForStatus(e2e, grantId!, "expired", 10_000);
    await until("the approval message to be updated", () =>
      e2e!.stack.slack
        .callsTo("chat.update")
        .some((c) => /Expired without a decision/.test(JSON.stringify(c.args.blocks))),
    );
    expect((await click(e2e, "U0BOB0001", "ajar.approve", grantId!)).text).toMatch(/no longer waiting/);
  });

  it("opens without approval when the policy needs none, and a revoke closes it early", async () => {
    const config = e2eConfig();
    (config.policies as Record<string, unknown>[])[0]!.approval = { mode: "none" };
    e2e = await startE2E(config);
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 1h");
    await waitForStatus(e2e, grantId!, "active");
    expect(allowRules(e2e, NIC_NSG)).toHaveLength(1);
    const revoke = await jit(e2e, "U0ALICE01", `revoke ${grantId}`);
    expect(revoke.reply).toMatch(/Closing `g-/);
    const closed = await waitForStatus(e2e, grantId!, "closed");
    expect(closed.closeReason).toBe("revoked");
    expect(allowRules(e2e, NIC_NSG)).toHaveLength(0);
  });
});
