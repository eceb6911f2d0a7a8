import { describe, expect, it } from "vitest";

import { extendGrant } from "../../../src/app/commands/extend-grant.js";
import { AjarError } from "../../../src/domain/errors.js";
import { active, ALICE, AUTO_NSG, BOB, CAROL, NIC_NSG, SUB, VM_AUTO } from "../../support/in-memory/estate.js";
import { attempt, expectRetryable } from "../../support/in-memory/give-up.js";
import { footprint, makeDeps } from "../../support/in-memory/make-deps.js";

const ID = "g-aaaaaaaaaa";
const codeOf = (outcome: Awaited<ReturnType<typeof attempt>>) =>
  outcome.ok ? "no error" : (outcome.error as AjarError).code;
/** Open on vm-auto-1 (no approval needed) from 10:00 to 10:30. */
const activeAuto = () =>
  active({
    policyName: "auto",
    target: {
      vmId: VM_AUTO.id,
      vmName: VM_AUTO.name,
      subscriptionId: SUB,
      resourceGroup: "rg-auto",
      port: 22,
      portLabel: "ssh",
      protocol: "Tcp",
    },
    approval: { mode: "none", required: 0, eligible: [], votes: [] },
    network: { privateIps: ["10.0.2.4"], nsgIds: [AUTO_NSG] },
    rules: [{ nsgId: AUTO_NSG, name: `ajar-${ID}-p22`, priority: 1001, liveAt: "2026-11-25T10:00:00.000Z" }],
  });

async function setUp(grant = activeAuto()) {
  const h = makeDeps();
  await h.store.create(grant);
  h.clock.set("2026-11-25T10:20:00.000Z");
  return h;
}

describe("extendGrant", () => {
  it("extends at once where the policy needs no approval: new end on the record, the NSG and the heads-up", async () => {
    const h = await setUp();
    const { grant } = await extendGrant(h.deps, ID, ALICE.slackUserId, 900);

    expect(grant).toMatchObject({
      status: "active",
      expiresAt: "2026-11-25T10:45:00.000Z",
      ruleEnd: "2026-11-25T10:45:00.000Z",
    });
    expect(h.store.current(ID).expiresAt).toBe("2026-11-25T10:45:00.000Z");
    expect(h.reconciles.scheduled()).toEqual([`${AUTO_NSG}@2026-11-25T10:45:00.000Z`]);
    expect(h.reconciles.waiting()).toEqual([AUTO_NSG]);
    expect(h.jobs.jobs("expiry-notice").map((j) => j.at)).toEqual(["2026-11-25T10:40:00.000Z"]);
    expect(h.audit.events(ID)).toEqual(["extended"]);
    expect(h.notifier.about(ID)).toContain(`${ALICE.slackUserId}:extended`);
  });

  it("asks the approvers where the policy needs approval, and leaves the end until they decide", async () => {
    const h = await setUp(active());
    await extendGrant(h.deps, ID, ALICE.slackUserId, 900);

    expect(h.store.current(ID)).toMatchObject({
      expiresAt: "2026-11-25T10:30:00.000Z",
      pendingExtension: { durationSeconds: 900, votes: [] },
    });
    expect(h.notifier.about(ID).filter((t) => t.endsWith(":ask"))).toEqual([`${BOB}:ask`, `${CAROL}:ask`]);
    expect(h.audit.events(ID)).toEqual(["extension-requested"]);
    expect(h.reconciles.calls).toEqual([]);
  });

  it("asking again while an extension waits asks nobody twice", async () => {
    const h = await setUp(active());
    await extendGrant(h.deps, ID, ALICE.slackUserId, 900);
    const first = footprint(h);
    expect(codeOf(await attempt(() => extendGrant(h.deps, ID, ALICE.slackUserId, 900)))).toBe("GRANT.STALE");
    expect(footprint(h)).toEqual(first);
    expect(h.store.current(ID).pendingExtension?.durationSeconds).toBe(900);
  });

  it("refuses an extension beyond the policy's maximum window, saying how much is left", async () => {
    const h = await setUp();
    const outcome = await attempt(() => extendGrant(h.deps, ID, ALICE.slackUserId, 7200));
    expect(codeOf(outcome)).toBe("POLICY.VIOLATION");
    expect((outcome as { error: AjarError }).error.userMessage).toMatch(/up to 1 ?h 30 ?m/);
    expect(h.store.current(ID).expiresAt).toBe("2026-11-25T10:30:00.000Z");
    expect([h.reconciles.calls, h.audit.entries]).toEqual([[], []]);
  });

  it("refuses to extend a grant that is closing, past its end, or closed", async () => {
    const grants = [
      activeAuto(),
      {
        ...activeAuto(),
        ending: { reason: "revoked" as const, actor: ALICE.slackUserId, at: "2026-11-25T10:15:00.000Z" },
      },
      { ...activeAuto(), status: "closed" as const },
    ];
    for (const [i, grant] of grants.entries()) {
      const h = await setUp(grant);
      if (i === 0) h.clock.set("2026-11-25T10:30:00.000Z");
      expect(codeOf(await attempt(() => extendGrant(h.deps, ID, ALICE.slackUserId, 600)))).toBe("GRANT.STALE");
      expect(h.store.current(ID).version).toBe(grant.version);
      expect(h.reconciles.calls).toEqual([]);
    }
  });

  it("never extends when a revoke lands between the checks and the write", async () => {
    for (const grant of [activeAuto(), active()]) {
      const h = await setUp(grant);
      h.store.interfereBeforeNextReplace((g) => ({
        ...g,
        ending: { reason: "revoked", actor: BOB, at: "2026-11-25T10:20:00.000Z" },
      }));
      expect(codeOf(await attempt(() => extendGrant(h.deps, ID, ALICE.slackUserId, 600)))).toBe("GRANT.STALE");
      expect(h.store.current(ID)).toMatchObject({
        expiresAt: "2026-11-25T10:30:00.000Z",
        ending: { reason: "revoked" },
      });
      expect(h.store.current(ID).pendingExtension).toBeUndefined();
      expect(h.reconciles.calls).toEqual([]);
      expect(h.audit.entries).toEqual([]);
    }
  });

  it("only the requester may extend", async () => {
    const h = await setUp();
    expect(codeOf(await attempt(() => extendGrant(h.deps, ID, BOB, 600)))).toBe("APPROVAL.NOT_ELIGIBLE");
    expect(h.store.current(ID).expiresAt).toBe("2026-11-25T10:30:00.000Z");
  });

  it("refuses a requester who lost the Azure permissions, and fails closed when they cannot be read", async () => {
    const refused = await setUp();
    refused.permissions.revoke(ALICE.objectId);
    expect(codeOf(await attempt(() => extendGrant(refused.deps, ID, ALICE.slackUserId, 600)))).toBe("RBAC.DENIED");
    expect(refused.store.current(ID).expiresAt).toBe("2026-11-25T10:30:00.000Z");

    const unreadable = await setUp();
    unreadable.permissions.refuseReads(new AjarError("CLOUD.TRANSIENT", "ARM is throttling", { retryable: true }));
    expectRetryable(await attempt(() => extendGrant(unreadable.deps, ID, ALICE.slackUserId, 600)), "RBAC.UNDETERMINED");
    expect(unreadable.store.current(ID).expiresAt).toBe("2026-11-25T10:30:00.000Z");
    expect(unreadable.reconciles.calls.filter((c) => c.nsgId === NIC_NSG || c.nsgId === AUTO_NSG)).toEqual([]);
  });
});
