import { describe, expect, it } from "vitest";

import { decideGrant } from "../../../src/app/commands/decide-grant.js";
import type { AjarError } from "../../../src/domain/errors.js";
import { active, ALICE, BOB, CAROL, MALLORY, NIC_NSG, pending } from "../../support/in-memory/estate.js";
import { attempt } from "../../support/in-memory/give-up.js";
import { footprint, makeDeps } from "../../support/in-memory/make-deps.js";

const ID = "g-aaaaaaaaaa";
const codeOf = (outcome: Awaited<ReturnType<typeof attempt>>) =>
  outcome.ok ? "no error" : (outcome.error as AjarError).code;
const twoNeeded = () => pending({ approval: { mode: "approvers", required: 2, eligible: [BOB, CAROL], votes: [] } });

describe("decideGrant on a request", () => {
  it("an approval that meets the threshold approves the request and queues its open, then the news", async () => {
    const h = makeDeps();
    await h.store.create(pending());
    expect(await decideGrant(h.deps, ID, BOB, "approve")).toBe("approved");
    expect(h.store.current(ID)).toMatchObject({
      status: "approved",
      approval: { votes: [{ slackUserId: BOB, decision: "approve" }] },
    });
    expect(h.jobs.jobs().map((j) => j.kind + (j.notice ? `:${j.notice}` : ""))).toEqual(["open", "announce:approved"]);
    expect(h.audit.events(ID)).toEqual(["approved"]);
  });

  it("a denial ends the request and opens nothing", async () => {
    const h = makeDeps();
    await h.store.create(pending());
    expect(await decideGrant(h.deps, ID, CAROL, "deny", "not today")).toBe("denied");
    expect(h.store.current(ID).status).toBe("denied");
    expect(h.jobs.jobs().map((j) => j.kind + (j.notice ? `:${j.notice}` : ""))).toEqual(["announce:denied"]);
  });

  it("a vote short of the threshold is recorded and decides nothing yet", async () => {
    const h = makeDeps();
    await h.store.create(twoNeeded());
    expect(await decideGrant(h.deps, ID, BOB, "approve")).toBe("recorded");
    expect(h.store.current(ID)).toMatchObject({ status: "pending", approval: { votes: [{ slackUserId: BOB }] } });
    expect(h.jobs.jobs()).toEqual([]);
    expect(h.audit.events(ID)).toEqual(["vote-approve"]);
    expect(await decideGrant(h.deps, ID, CAROL, "approve")).toBe("approved");
    expect(h.jobs.jobs("open")).toHaveLength(1);
  });

  it("a second click by the same approver changes nothing", async () => {
    for (const grant of [pending(), twoNeeded()]) {
      const h = makeDeps();
      await h.store.create(grant);
      await decideGrant(h.deps, ID, BOB, "approve");
      const first = footprint(h);
      const outcome = await attempt(() => decideGrant(h.deps, ID, BOB, "approve"));
      expect(codeOf(outcome)).toMatch(/GRANT.STALE|APPROVAL.ALREADY_VOTED/);
      expect(footprint(h)).toEqual(first);
    }
  });

  it("two approvers clicking at once approve it once: one open job, the other click is told it is decided", async () => {
    const h = makeDeps();
    await h.store.create(pending());
    const outcomes = await Promise.all([
      attempt(() => decideGrant(h.deps, ID, BOB, "approve")),
      attempt(() => decideGrant(h.deps, ID, CAROL, "approve")),
    ]);
    expect(outcomes.map(codeOf).sort()).toEqual(["GRANT.STALE", "no error"]);
    expect(h.jobs.calls.filter((c) => c.kind === "open")).toHaveLength(1);
    expect(h.audit.events(ID)).toEqual(["approved"]);
    expect(h.store.current(ID).approval.votes).toHaveLength(1);
  });

  it("a vote that loses the race to another approver's decision is refused, and that decision stands", async () => {
    const h = makeDeps();
    await h.store.create(twoNeeded());
    const { approval } = twoNeeded();
    h.store.interfereBeforeNextReplace(() =>
      pending({
        status: "denied",
        approval: { ...approval, votes: [{ slackUserId: CAROL, decision: "deny", at: "2026-11-25T10:00:00.000Z" }] },
      }),
    );
    expect(codeOf(await attempt(() => decideGrant(h.deps, ID, BOB, "approve")))).toBe("GRANT.STALE");
    expect(h.store.current(ID)).toMatchObject({ status: "denied", approval: { votes: [{ slackUserId: CAROL }] } });
    expect(h.jobs.calls).toEqual([]);
  });

  it("refuses a vote from someone who is not an approver, or from the requester", async () => {
    for (const voter of [MALLORY, ALICE.slackUserId]) {
      const h = makeDeps();
      await h.store.create(pending());
      expect(codeOf(await attempt(() => decideGrant(h.deps, ID, voter, "approve")))).toBe("APPROVAL.NOT_ELIGIBLE");
      expect(h.store.current(ID)).toMatchObject({ status: "pending", version: pending().version });
      expect([h.jobs.calls, h.audit.entries]).toEqual([[], []]);
    }
  });

  it("refuses a vote after the request's deadline, even before the expiry job ran", async () => {
    const h = makeDeps();
    await h.store.create(pending());
    h.clock.set("2026-11-25T11:00:01.000Z");
    expect(codeOf(await attempt(() => decideGrant(h.deps, ID, BOB, "approve")))).toBe("GRANT.STALE");
    expect(h.store.current(ID).status).toBe("pending");
    expect(h.jobs.calls).toEqual([]);
  });

  it("refuses a vote on a request that already ended", async () => {
    const h = makeDeps();
    await h.store.create(pending({ status: "cancelled" }));
    expect(codeOf(await attempt(() => decideGrant(h.deps, ID, BOB, "approve")))).toBe("GRANT.STALE");
    expect(h.jobs.calls).toEqual([]);
  });
});

describe("decideGrant on an extension", () => {
  const asking = (seconds: number) =>
    active({ pendingExtension: { durationSeconds: seconds, requestedAt: "2026-11-25T10:10:00.000Z", votes: [] } });

  it("an approved extension moves the end in the same write, and the NSGs get the new end", async () => {
    const h = makeDeps();
    await h.store.create(asking(900));
    h.clock.set("2026-11-25T10:12:00.000Z");
    expect(await decideGrant(h.deps, ID, BOB, "approve")).toBe("extension-approved");
    const grant = h.store.current(ID);
    expect(grant).toMatchObject({
      status: "active",
      expiresAt: "2026-11-25T10:45:00.000Z",
      ruleEnd: "2026-11-25T10:45:00.000Z",
    });
    expect(grant.pendingExtension).toBeUndefined();
    expect(h.reconciles.scheduled()).toContain(`${NIC_NSG}@2026-11-25T10:45:00.000Z`);
    expect(h.reconciles.waiting()).toContain(NIC_NSG);
    expect(h.audit.events(ID)).toEqual(["extension-approved", "extended"]);
    expect(h.notifier.about(ID)).toContain(`${ALICE.slackUserId}:extended`);

    const first = footprint(h);
    expect(codeOf(await attempt(() => decideGrant(h.deps, ID, CAROL, "approve")))).toBe("GRANT.STALE");
    expect(footprint(h)).toEqual(first);
  });

  it("an approval that would now exceed the policy's maximum is recorded as failed, and the end stays", async () => {
    const h = makeDeps();
    // 30 minutes open so far; 2 hours more would make 2 h 30 over the 2 h limit.
    await h.store.create(asking(7200));
    h.clock.set("2026-11-25T10:12:00.000Z");
    expect(await decideGrant(h.deps, ID, BOB, "approve")).toBe("extension-failed");
    const grant = h.store.current(ID);
    expect(grant).toMatchObject({ status: "active", expiresAt: "2026-11-25T10:30:00.000Z" });
    expect(grant.pendingExtension).toBeUndefined();
    expect(h.reconciles.calls).toEqual([]);
  });

  it("a denied extension leaves the grant as it was", async () => {
    const h = makeDeps();
    await h.store.create(asking(900));
    expect(await decideGrant(h.deps, ID, CAROL, "deny")).toBe("extension-denied");
    expect(h.store.current(ID)).toMatchObject({ status: "active", expiresAt: "2026-11-25T10:30:00.000Z" });
    expect(h.notifier.about(ID)).toContain(`${ALICE.slackUserId}:extension-denied`);
  });
});
