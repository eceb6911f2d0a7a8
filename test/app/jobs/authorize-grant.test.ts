import { describe, expect, it } from "vitest";

import { authorizeGrant } from "../../../src/app/jobs/authorize-grant.js";
import { AjarError } from "../../../src/domain/errors.js";
import { ALICE, BOB, CAROL, pending, requested, VM_AUTO } from "../../support/in-memory/estate.js";
import { attempt, expectGaveUp, expectRetryable } from "../../support/in-memory/give-up.js";
import { footprint, makeDeps } from "../../support/in-memory/make-deps.js";

const ID = "g-aaaaaaaaaa";
const autoRequest = () => requested({ request: { vmName: VM_AUTO.name, port: 22, portLabel: "ssh" } });

describe("authorizeGrant", () => {
  it("puts a request that needs approval to its approvers: pending, each asked, expiry and reminder scheduled", async () => {
    const h = makeDeps();
    await h.store.create(requested());
    await authorizeGrant(h.deps, ID);

    const grant = h.store.current(ID);
    expect(grant).toMatchObject({
      status: "pending",
      policyName: "prod",
      durationSeconds: 1800,
      pendingUntil: "2026-11-25T11:00:00.000Z",
    });
    expect(grant.approval).toMatchObject({ mode: "approvers", required: 1, eligible: [BOB, CAROL] });
    expect(grant.messages.filter((m) => m.purpose === "approval").map((m) => m.channel)).toEqual([BOB, CAROL]);
    expect(h.jobs.jobs().map((j) => `${j.kind}@${j.at}`)).toEqual([
      "expire-pending@2026-11-25T11:00:00.000Z",
      "remind@2026-11-25T10:15:00.000Z",
    ]);
    expect(h.audit.events(ID)).toEqual(["pending"]);
    expect(h.notifier.about(ID)).toEqual([`${BOB}:ask`, `${CAROL}:ask`, `${ALICE.slackUserId}:pending`]);
  });

  it("approves a request whose policy needs no approval and queues its open", async () => {
    const h = makeDeps();
    await h.store.create(autoRequest());
    await authorizeGrant(h.deps, ID);

    expect(h.store.current(ID)).toMatchObject({ status: "approved", policyName: "auto", target: { vmId: VM_AUTO.id } });
    expect(h.jobs.jobs().map((j) => j.kind)).toEqual(["open"]);
    expect(h.audit.events(ID)).toEqual(["approved"]);
    expect(h.notifier.about(ID)).toEqual([`${ALICE.slackUserId}:approved`]);
  });

  it("run again adds nothing: no second ask, audit line, notice or job", async () => {
    for (const request of [requested(), autoRequest()]) {
      const h = makeDeps();
      await h.store.create(request);
      await authorizeGrant(h.deps, ID);
      const first = footprint(h);
      const version = h.store.current(ID).version;
      await authorizeGrant(h.deps, ID);
      expect(footprint(h)).toEqual(first);
      expect(h.store.current(ID).version).toBe(version);
    }
  });

  it("finishes a pending decision whose approvers were never asked (the previous attempt died), once", async () => {
    const h = makeDeps();
    await h.store.create(pending({ messages: [] }));
    await authorizeGrant(h.deps, ID);
    await authorizeGrant(h.deps, ID);
    expect(h.notifier.about(ID)).toEqual([`${BOB}:ask`, `${CAROL}:ask`, `${ALICE.slackUserId}:pending`]);
    expect(h.jobs.jobs().map((j) => j.kind)).toEqual(["expire-pending", "remind"]);
  });

  it("drops its decision when the request changed between read and write (a cancel wins)", async () => {
    const h = makeDeps();
    await h.store.create(requested());
    h.store.interfereBeforeNextReplace((g) => ({ ...g, status: "cancelled" }));
    await authorizeGrant(h.deps, ID);

    expect(h.store.current(ID).status).toBe("cancelled");
    expect(h.jobs.calls).toEqual([]);
    expect(h.notifier.told).toEqual([]);
    expect(h.audit.entries).toEqual([]);
  });

  it("refuses a requester who lacks the Azure permissions, and asks nobody", async () => {
    const h = makeDeps();
    h.permissions.revoke(ALICE.objectId);
    await h.store.create(requested());
    const outcome = await attempt(() => authorizeGrant(h.deps, ID));

    expectGaveUp(h, ID, outcome, { code: "RBAC.DENIED", from: "requested" });
    expect(h.jobs.jobs().filter((j) => j.kind !== "announce")).toEqual([]);
    expect(h.notifier.told.filter((t) => t.notice === "ask")).toEqual([]);
  });

  it("fails closed when the permissions cannot be read: a transient failure is retried, and nothing is decided", async () => {
    for (const failure of [
      new AjarError("CLOUD.TRANSIENT", "ARM is throttling", { retryable: true }),
      new Error("socket hang up"),
    ]) {
      const h = makeDeps();
      h.permissions.refuseReads(failure);
      await h.store.create(requested());
      const outcome = await attempt(() => authorizeGrant(h.deps, ID));

      expectRetryable(outcome, "RBAC.UNDETERMINED");
      expect(h.store.current(ID).status).toBe("requested");
      expect(h.jobs.calls).toEqual([]);
      expect(h.notifier.told).toEqual([]);
    }
  });

  it("fails closed when ajar may not read the permissions at all: the request is refused, never approved", async () => {
    const h = makeDeps();
    h.permissions.refuseReads(new AjarError("CLOUD.REJECTED", "AuthorizationFailed on roleAssignments"));
    await h.store.create(autoRequest());
    const outcome = await attempt(() => authorizeGrant(h.deps, ID));

    expectGaveUp(h, ID, outcome, { code: "RBAC.UNDETERMINED", from: "requested" });
    expect(h.jobs.jobs("open")).toEqual([]);
  });

  it("refuses a VM no policy covers", async () => {
    const h = makeDeps();
    await h.store.create(requested({ request: { ...requested().request, vmName: "vm-nowhere" } }));
    const outcome = await attempt(() => authorizeGrant(h.deps, ID));
    expectGaveUp(h, ID, outcome, { code: "POLICY.NOT_COVERED", from: "requested" });
  });

  it("leaves a request that ended before its job ran alone", async () => {
    const h = makeDeps();
    await h.store.create(requested({ status: "cancelled" }));
    await authorizeGrant(h.deps, ID);
    expect(h.store.current(ID).status).toBe("cancelled");
    expect(h.permissions.reads).toBe(0);
    expect([h.jobs.calls, h.notifier.told, h.audit.entries]).toEqual([[], [], []]);
  });
});
