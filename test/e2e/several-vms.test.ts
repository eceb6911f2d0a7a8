import { afterEach, describe, expect, it } from "vitest";

import {
  allowRules,
  click,
  dmsTo,
  e2eConfig,
  jit,
  NIC_NSG,
  startE2E,
  SUB,
  SUBNET_NSG,
  until,
  waitForPending,
  waitForStatus,
  type E2E,
} from "../support/e2e.js";

const approvers = { mode: "approvers", users: ["U0BOB0001", "U0CAROL01"], minApprovals: 1 };

function onePolicy(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const config = e2eConfig(extra);
  (config.policies as Record<string, unknown>[])[0]!.vms = [
    { subscriptionId: SUB, resourceGroup: "rg-prod", namePattern: "*" },
  ];
  return config;
}

const grantsOf = async (e2e: E2E, leaderId: string) => {
  const leader = (await e2e.stack.runtime.deps.store.get(leaderId))!;
  return Promise.all(leader.bundle!.memberIds.map(async (id) => (await e2e.stack.runtime.deps.store.get(id))!));
};

describe("several VMs in one request", () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it("asks once, listing every VM, and opens and closes one grant per VM together, with one summary each way", async () => {
    e2e = await startE2E(onePolicy());
    const { grantId, reply } = await jit(
      e2e,
      "U0ALICE01",
      "ssh vm-prod-1 vm-prod-2 vm-win-1 3s from 203.0.113.7 because patch all",
    );
    expect(reply).toMatch(/received for `vm-prod-1`, `vm-prod-2`, `vm-win-1`: one approval, one grant per VM/);
    const pending = await waitForPending(e2e, grantId!);
    expect(pending.bundle?.memberIds).toHaveLength(3);

    // One approval message per approver, naming all three VMs.
    const bobCards = e2e.stack.slack
      .callsTo("chat.postMessage")
      .filter((c) => c.args.channel === e2e!.stack.slack.dmChannelFor("U0BOB0001"));
    expect(bobCards).toHaveLength(1);
    expect(JSON.stringify(bobCards[0]!.args.blocks)).toMatch(
      /VMs \(3, one grant each\).*`vm-prod-1`, `vm-prod-2`, `vm-win-1`/,
    );
    const followers = (await grantsOf(e2e, grantId!)).filter((g) => g.id !== grantId);
    expect(followers.map((g) => g.status)).toEqual(["requested", "requested"]);

    await click(e2e, "U0BOB0001", "ajar.approve", grantId!);
    await until(
      "all three grants to open",
      async () => (await grantsOf(e2e!, grantId!)).every((g) => g.status === "active" || g.status === "closed"),
      10_000,
    );
    const opened = await grantsOf(e2e, grantId!);
    expect(new Set(opened.map((g) => g.durationSeconds))).toEqual(new Set([3]));
    expect(opened.every((g) => g.approval.votes.some((v) => v.slackUserId === "U0BOB0001"))).toBe(true);
    const starts = opened.map((g) => Date.parse(g.openedAt!));
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThan(1500);
    expect(
      allowRules(e2e, SUBNET_NSG)
        .map((r) => r.destinationAddressPrefix ?? r.destinationAddressPrefixes?.[0])
        .sort(),
    ).toEqual(["10.0.1.4", "10.0.1.5", "10.0.1.6"]);
    expect(allowRules(e2e, NIC_NSG)).toHaveLength(1);

    await until("one open summary", () =>
      dmsTo(e2e!, "U0ALICE01").some((t) => /ssh is open on `vm-prod-1`, `vm-prod-2`, `vm-win-1` until/.test(t)),
    );
    for (const g of opened) await waitForStatus(e2e, g.id, "closed", 15_000);
    await until("one close summary", () => dmsTo(e2e!, "U0ALICE01").some((t) => /closed again on all 3 VMs/.test(t)));
    const dms = dmsTo(e2e, "U0ALICE01");
    expect(dms.filter((t) => /is open on/.test(t))).toHaveLength(1);
    expect(dms.filter((t) => /closed again/.test(t))).toHaveLength(1);
    expect(dms.filter((t) => /closed at .* the grant expired/.test(t))).toHaveLength(0);
    expect(allowRules(e2e, SUBNET_NSG)).toHaveLength(0);
  });

  it("selects by a glob within a resource group, capped by maxVmsPerRequest", async () => {
    e2e = await startE2E(onePolicy({ requests: { maxVmsPerRequest: 2 } }));
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh rg-prod/vm-prod-* 30m");
    const pending = await waitForPending(e2e, grantId!);
    expect(pending.bundle?.vmNames).toEqual(["vm-prod-1", "vm-prod-2"]);
    const tooMany = await jit(e2e, "U0ALICE01", "ssh rg-prod/* 30m");
    expect(tooMany.grantId).toBeUndefined();
    expect(tooMany.reply).toMatch(/That is 3 VMs; one request may name at most 2/);
    const none = await jit(e2e, "U0ALICE01", "ssh rg-prod/db-* 30m");
    expect(none.reply).toMatch(/No VM in rg-prod matching db-\*/);
  });

  it("ends every grant of the request when its one decision is a denial", async () => {
    e2e = await startE2E(onePolicy());
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 vm-prod-2 30m");
    await waitForPending(e2e, grantId!);
    await click(e2e, "U0CAROL01", "ajar.deny", grantId!);
    await until("both denied", async () => (await grantsOf(e2e!, grantId!)).every((g) => g.status === "denied"));
    expect(allowRules(e2e, SUBNET_NSG)).toHaveLength(0);
    // The news goes out from a job, once for the whole request.
    await until("the denial DM", () => dmsTo(e2e!, "U0ALICE01").some((t) => /was denied/.test(t)));
    await new Promise((r) => setTimeout(r, 500));
    expect(dmsTo(e2e, "U0ALICE01").filter((t) => /was denied/.test(t))).toHaveLength(1);
  });

  it("splits VMs under different policies into one request per policy, each decided as its policy says", async () => {
    const config = e2eConfig();
    const policies = config.policies as Record<string, unknown>[];
    policies[0]!.approval = approvers;
    policies.push({
      ...policies[0]!,
      name: "prod-win",
      vms: [{ subscriptionId: SUB, resourceGroup: "rg-prod", namePattern: "vm-win-*" }],
      approval: { mode: "none" },
    });
    e2e = await startE2E(config);
    const { reply } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 vm-win-1 vm-prod-2 30m");
    const ids = [...reply.matchAll(/Request `(g-[a-z2-7]{10})` received for ([^:]+):/g)].map((m) => ({
      id: m[1]!,
      vms: m[2]!,
    }));
    expect(ids).toHaveLength(2);
    expect(reply).toMatch(/fall under 2 policies/);
    const linux = ids.find((r) => r.vms.includes("vm-prod-1"))!;
    const win = ids.find((r) => r.vms.includes("vm-win-1"))!;
    expect(linux.vms).toBe("`vm-prod-1`, `vm-prod-2`");
    expect(win.vms).toBe("`vm-win-1`");
    // No approval for the Windows VM's policy: it opens at once; the Linux pair waits for an approver.
    const winGrant = await waitForStatus(e2e, win.id, "active");
    expect(winGrant).toMatchObject({ policyName: "prod-win", target: { vmName: "vm-win-1" } });
    const linuxGrant = await waitForPending(e2e, linux.id);
    expect(linuxGrant).toMatchObject({ policyName: "prod-linux", bundle: { vmNames: ["vm-prod-1", "vm-prod-2"] } });
  });
});
