import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { sweep } from "../../src/app/jobs/sweep.js";
import { recheckIdentity } from "../../src/app/shared/recheck-identity.js";
import {
  allowRules,
  click,
  dmsTo,
  jit,
  NIC_NSG,
  startE2E,
  until,
  waitForPending,
  waitForStatus,
  type E2E,
} from "../support/e2e.js";
import { ENTRA_IDS, entraConfig, entraStackOptions } from "./fixtures/entra-e2e.js";

const WIN_NSG =
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-prod/providers/Microsoft.Network/networkSecurityGroups/nsg-snet-app";

describe("identities, managers and approver groups from Entra ID, through the signed Slack endpoint", () => {
  let e2e: E2E;
  let franksOpenGrant: string | undefined;
  beforeAll(async () => {
    e2e = await startE2E(entraConfig(), entraStackOptions());
  });
  afterAll(async () => {
    await e2e.close();
  });

  it("maps a user absent from identities by their Slack email, and their manager from Entra ID approves", async () => {
    const { grantId, reply } = await jit(e2e, "U0FRANK01", "rdp vm-win-1 30m from 203.0.113.20 because patching");
    expect(reply).toMatch(/received/);
    const pending = await waitForPending(e2e, grantId!);
    expect(pending.requester.objectId).toBe(ENTRA_IDS.frank);
    // Grace is Frank's manager in Entra ID; she is found in Slack by her sign-in name.
    expect(pending.approval.eligible).toEqual(["U0GRACE01"]);
    const approved = await click(e2e, "U0GRACE01", "ajar.approve", grantId!);
    expect(approved.text).toMatch(/Approved/);
    await waitForStatus(e2e, grantId!, "active");
    franksOpenGrant = grantId;
    expect(allowRules(e2e, WIN_NSG).some((r) => r.description?.includes(grantId!))).toBe(true);

    const lookups = e2e.stack.graph.requests.filter((r) => r.path === "/v1.0/users" && r.query.includes("filter"));
    expect(lookups.length).toBeGreaterThan(0);
    expect(lookups.every((r) => r.consistencyLevel === "eventual" && r.status === 200)).toBe(true);
  });

  it("lets a member of a nested Entra group approve, and no one else", async () => {
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 30m because deploy");
    const pending = await waitForPending(e2e, grantId!);
    // Carol is in approvers-inner, which sits inside the approvers group the policy names; Bob is in neither.
    expect(pending.approval.eligible).toEqual(["U0CAROL01"]);
    const bob = await click(e2e, "U0BOB0001", "ajar.approve", grantId!);
    expect(bob.text).not.toMatch(/^Approved/);
    await click(e2e, "U0CAROL01", "ajar.approve", grantId!);
    await waitForStatus(e2e, grantId!, "active");
    expect(allowRules(e2e, NIC_NSG).some((r) => r.description?.includes(grantId!))).toBe(true);
  });

  it("refuses an email two Entra users share, naming the problem", async () => {
    const { grantId, reply } = await jit(e2e, "U0TWIN001", "ssh vm-prod-1 30m from 203.0.113.21");
    expect(grantId).toBeUndefined();
    expect(reply).toMatch(/2 Entra ID users have the email twin@example.com/);
    expect(reply).toContain("66666666-6666-6666-6666-666666666603");
  });

  it("refuses a disabled Entra account and a guest account", async () => {
    expect((await jit(e2e, "U0HENRY01", "ssh vm-prod-1 30m from 203.0.113.22")).reply).toMatch(
      /account \(henry@example.com\) is disabled/,
    );
    expect((await jit(e2e, "U0GUS0001", "ssh vm-prod-1 30m from 203.0.113.23")).reply).toMatch(/Guest account/);
  });

  it("judges a deny assignment on a group exactly: refuses the member, not the others with the same roles", async () => {
    const heidi = await jit(e2e, "U0HEIDI01", "ssh vm-prod-2 30m from 203.0.113.24 because debug");
    const rejected = await waitForStatus(e2e, heidi.grantId!, "rejected");
    expect(rejected.failure).toMatch(/no-jit-for-external-staff/);
    const frank = await jit(e2e, "U0FRANK01", "ssh vm-prod-2 30m from 203.0.113.20 because debug");
    const pending = await waitForStatus(e2e, frank.grantId!, "pending");
    expect(pending.rbac?.allowed).toBe(true);
  });

  it("tells a requester without a manager, or whose manager has no Slack account, who to ask", async () => {
    const judy = await jit(e2e, "U0JUDY001", "rdp vm-win-1 30m from 203.0.113.25");
    expect((await waitForStatus(e2e, judy.grantId!, "rejected")).failure).toMatch(
      /Entra ID has no manager for you\. Ask your Entra ID administrator/,
    );
    const ivan = await jit(e2e, "U0IVAN001", "rdp vm-win-1 30m from 203.0.113.26");
    const failure = (await waitForStatus(e2e, ivan.grantId!, "rejected")).failure;
    expect(failure).toMatch(/your manager in Entra ID, Oscar Offslack \(oscar@example.com\), has no Slack account/);
    await until("Ivan's refusal DM", () => dmsTo(e2e, "U0IVAN001").some((t) => t.includes(ivan.grantId!)));
  });

  it("does not trust an unconfirmed email, guests, external or other-workspace accounts", async () => {
    const cases: [string, RegExp][] = [
      ["U0UNCONF1", /not report the account's email address as confirmed/],
      ["U0GUEST01", /guest accounts are not mapped/],
      ["U0SINGLE1", /guest accounts are not mapped/],
      ["U0EXTRN01", /another organisation/],
      ["U0OTHER01", /another workspace/],
    ];
    for (const [user, problem] of cases) {
      const { grantId, reply } = await jit(e2e, user, "ssh vm-prod-1 30m from 203.0.113.27");
      expect(grantId, user).toBeUndefined();
      expect(reply, user).toMatch(problem);
    }
  });

  it("re-checks a pending grant's requester: a disabled account gets nothing more, even once approved", async () => {
    const { grantId } = await jit(e2e, "U0JUDY001", "ssh vm-prod-1 30m from 203.0.113.25");
    const pending = await waitForStatus(e2e, grantId!, "pending");
    const deps = e2e.stack.runtime.deps;
    expect(await recheckIdentity(deps, pending)).toMatchObject({ ok: true });
    e2e.stack.graph.updateUser(ENTRA_IDS.judy, { accountEnabled: false });
    expect(await recheckIdentity(deps, pending)).toEqual({
      ok: false,
      reason: "your Entra ID account is disabled",
      retryable: false,
    });
    // A grant recorded for another object than the one the email now maps to is refused too.
    expect(
      await recheckIdentity(deps, { requester: { ...pending.requester, slackUserId: "U0FRANK01" } }),
    ).toMatchObject({ ok: false, reason: /different Azure identity/ });

    // The approval comes after the account was disabled: the grant opens nothing.
    await click(e2e, "U0CAROL01", "ajar.approve", grantId!);
    const failed = await waitForStatus(e2e, grantId!, "failed");
    expect(failed.failure).toMatch(/your Entra ID account is disabled/);
    expect(allowRules(e2e, NIC_NSG).some((r) => r.description?.includes(grantId!))).toBe(false);
  });

  it("refuses to extend an open grant once the requester's Entra account is disabled", async () => {
    expect(franksOpenGrant).toBeDefined();
    e2e.stack.graph.updateUser(ENTRA_IDS.frank, { accountEnabled: false });
    const { reply } = await jit(e2e, "U0FRANK01", `extend ${franksOpenGrant} 10m`);
    expect(reply).toMatch(new RegExp(`${franksOpenGrant} cannot be extended: .*your Entra ID account is disabled`));
    expect((await e2e.stack.runtime.deps.store.get(franksOpenGrant!))?.pendingExtension).toBeUndefined();

    // The next check (the sweep) closes the open grant of the disabled account.
    const report = await sweep(e2e.stack.runtime.deps);
    expect(report.grantsEnded).toContain(franksOpenGrant);
    const closed = await waitForStatus(e2e, franksOpenGrant!, "closed");
    expect(closed.ending?.detail).toMatch(/your Entra ID account is disabled/);
    await until(
      "its rule to go",
      () => !allowRules(e2e, WIN_NSG).some((r) => r.description?.includes(franksOpenGrant!)),
    );
  });
});

describe("Microsoft Graph throttled or down", () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it("waits out a 429 with Retry-After, then maps the user", async () => {
    e2e = await startE2E(entraConfig(), entraStackOptions());
    e2e.stack.graph.failNext({ status: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    const { grantId, reply } = await jit(e2e, "U0FRANK01", "ssh vm-prod-1 30m from 203.0.113.20");
    expect(reply).toMatch(/received/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const statuses = e2e.stack.graph.requests.map((r) => r.status);
    expect(statuses[0]).toBe(429);
    expect(statuses[1]).toBe(200);
    expect((await waitForStatus(e2e, grantId!, "pending")).requester.objectId).toBe(ENTRA_IDS.frank);
  });

  it("fails closed with a message when Graph cannot be reached", async () => {
    e2e = await startE2E(entraConfig(), entraStackOptions());
    e2e.stack.graph.setDown(true);
    const { grantId, reply, status } = await jit(e2e, "U0FRANK01", "ssh vm-prod-1 30m from 203.0.113.20");
    expect(status).toBe(200);
    expect(grantId).toBeUndefined();
    expect(reply).toMatch(/could not reach Entra ID \(Microsoft Graph\)/);
    expect(allowRules(e2e, NIC_NSG)).toHaveLength(0);
  });
});
