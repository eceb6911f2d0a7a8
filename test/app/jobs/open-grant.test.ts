import { describe, expect, it } from "vitest";

import { openGrant } from "../../../src/app/jobs/open-grant.js";
import { AjarError } from "../../../src/domain/errors.js";
import { ALICE, approved, NIC_NSG, SUBNET_NSG, VM_PROD } from "../../support/in-memory/estate.js";
import { attempt, expectGaveUp, expectRetryable } from "../../support/in-memory/give-up.js";
import { footprint, makeDeps } from "../../support/in-memory/make-deps.js";

const ID = "g-aaaaaaaaaa";
const RULE = `ajar-${ID}-p22`;
const allowRules = (h: ReturnType<typeof makeDeps>) =>
  [NIC_NSG, SUBNET_NSG].map((nsg) => h.network.ruleNames(nsg).filter((n) => n === RULE).length);

describe("openGrant", () => {
  it("records where the rules go before writing, and the reconcile pass opens the grant on every NSG of the VM", async () => {
    const h = makeDeps();
    await h.store.create(approved());
    await openGrant(h.deps, ID);

    const opening = h.store.current(ID);
    expect(opening).toMatchObject({
      status: "approved",
      network: { privateIps: ["10.0.1.4"], nsgIds: [NIC_NSG, SUBNET_NSG] },
      ruleEnd: "2026-11-25T10:30:00.000Z",
    });
    expect(opening.rules.map((r) => r.nsgId)).toEqual([NIC_NSG, SUBNET_NSG]);
    expect(h.network.writes).toEqual([]);
    expect(h.reconciles.waiting()).toEqual([NIC_NSG, SUBNET_NSG]);
    // The end is scheduled before anything is written.
    expect(h.reconciles.scheduled()).toEqual([
      `${NIC_NSG}@2026-11-25T10:30:00.000Z`,
      `${SUBNET_NSG}@2026-11-25T10:30:00.000Z`,
    ]);

    await h.reconcile();
    expect(allowRules(h)).toEqual([1, 1]);
    expect(h.store.current(ID)).toMatchObject({
      status: "active",
      openedAt: "2026-11-25T10:00:00.000Z",
      expiresAt: "2026-11-25T10:30:00.000Z",
    });
    expect(h.audit.events(ID)).toEqual(["opened"]);
    expect(h.jobs.announced(ID)).toEqual(["opened"]);
    expect(h.jobs.jobs("expiry-notice").map((j) => j.at)).toEqual(["2026-11-25T10:25:00.000Z"]);
  });

  it("run again, before or after the pass, writes no rule twice and opens once", async () => {
    const h = makeDeps();
    await h.store.create(approved());
    await openGrant(h.deps, ID);
    await openGrant(h.deps, ID);
    expect(h.network.resolves).toBe(1);
    await h.reconcile();
    const first = footprint(h);
    await openGrant(h.deps, ID);
    await h.reconcile();
    expect(footprint(h)).toEqual(first);
    expect(allowRules(h)).toEqual([1, 1]);
    expect(h.jobs.announced(ID)).toEqual(["opened"]);
  });

  it("opens nothing when the grant was revoked between its read and its write", async () => {
    const h = makeDeps();
    await h.store.create(approved());
    h.store.interfereBeforeNextReplace((g) => ({
      ...g,
      ending: { reason: "revoked", actor: ALICE.slackUserId, at: "2026-11-25T10:00:00.000Z" },
    }));
    await openGrant(h.deps, ID);
    await h.reconcile();

    const grant = h.store.current(ID);
    expect(grant.network).toBeUndefined();
    expect(await h.nsgIndex.grantIds(NIC_NSG)).toEqual([]);
    expect(allowRules(h)).toEqual([0, 0]);
    expect(h.jobs.announced(ID)).toEqual([]);
  });

  it("tries again after a harmless change won the race (a message was posted), and still opens", async () => {
    const h = makeDeps();
    await h.store.create(approved());
    h.store.interfereBeforeNextReplace((g) => ({
      ...g,
      messages: [...g.messages, { channel: "C0JITNOTE", ts: "9.000000", purpose: "notice" }],
    }));
    await openGrant(h.deps, ID);
    await h.reconcile();
    expect(h.store.current(ID)).toMatchObject({ status: "active", messages: [{}, { ts: "9.000000" }] });
  });

  it("fails the grant, writing nothing, when the requester lost the Azure permissions since approval", async () => {
    const h = makeDeps();
    await h.store.create(approved());
    h.clock.advance(120); // the approval-time RBAC decision is no longer fresh
    h.permissions.revoke(ALICE.objectId);
    const outcome = await attempt(() => openGrant(h.deps, ID));
    await h.reconcile();

    expectGaveUp(h, ID, outcome, { code: "RBAC.DENIED", from: "approved" });
    expect(allowRules(h)).toEqual([0, 0]);
    expect(h.store.current(ID).network).toBeUndefined();
  });

  it("fails closed when the permissions cannot be read: retried, nothing recorded or written", async () => {
    const h = makeDeps();
    await h.store.create(approved());
    h.clock.advance(120);
    h.permissions.refuseReads(new AjarError("CLOUD.TRANSIENT", "ARM is throttling", { retryable: true }));
    const outcome = await attempt(() => openGrant(h.deps, ID));

    expectRetryable(outcome, "RBAC.UNDETERMINED");
    expect(h.store.current(ID)).toMatchObject({ status: "approved", rules: [] });
    expect(h.reconciles.calls).toEqual([]);
  });

  it("reports the grant failed when Azure refuses its rule, and leaves no rule of it anywhere", async () => {
    const h = makeDeps();
    await h.store.create(approved());
    h.network.failNextWrite(
      new AjarError("CLOUD.REJECTED", "AuthorizationFailed: the client may not write securityRules"),
    );
    await openGrant(h.deps, ID);
    await h.reconcile();

    expect(h.store.current(ID)).toMatchObject({
      status: "failed",
      failure: expect.stringMatching(/AuthorizationFailed/),
    });
    expect(allowRules(h)).toEqual([0, 0]);
    expect(h.jobs.announced(ID)).toEqual(["failed"]);
    expect(h.audit.events(ID)).toEqual(["failed"]);
  });

  it("reads the NSG again when its etag moved under the write, and writes the rule once", async () => {
    const h = makeDeps();
    await h.store.create(approved());
    h.network.failNextWrite(new AjarError("CLOUD.STALE", "412 Precondition Failed", { retryable: true }));
    await openGrant(h.deps, ID);
    await h.reconcile();
    expect(h.store.current(ID).status).toBe("active");
    expect(allowRules(h)).toEqual([1, 1]);
  });

  it("fails a grant whose VM is gone", async () => {
    const h = makeDeps();
    h.network.removeVm(VM_PROD.id);
    await h.store.create(approved());
    const outcome = await attempt(() => openGrant(h.deps, ID));
    expectGaveUp(h, ID, outcome, { code: "CLOUD.NOT_FOUND", from: "approved" });
    expect(h.store.current(ID).network).toBeUndefined();
  });

  it("does nothing for a grant that ended, is ending, or starts later", async () => {
    const grants = [
      approved({ status: "closed" }),
      approved({ ending: { reason: "revoked", actor: ALICE.slackUserId, at: "2026-11-25T10:00:00.000Z" } }),
      approved({ startAt: "2026-11-25T12:00:00.000Z" }),
    ];
    for (const grant of grants) {
      const h = makeDeps();
      await h.store.create(grant);
      await openGrant(h.deps, ID);
      expect(h.network.resolves).toBe(0);
      expect(h.reconciles.calls).toEqual([]);
      expect(h.store.current(ID).version).toBe(grant.version);
    }
  });
});
