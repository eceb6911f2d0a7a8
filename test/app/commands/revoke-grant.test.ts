import { describe, expect, it } from "vitest";

import { revokeGrant } from "../../../src/app/commands/revoke-grant.js";
import { AjarError } from "../../../src/domain/errors.js";
import { active, ALICE, approved, BOB, MALLORY, NIC_NSG, SUBNET_NSG } from "../../support/in-memory/estate.js";
import { attempt } from "../../support/in-memory/give-up.js";
import { footprint, makeDeps } from "../../support/in-memory/make-deps.js";
import { openForReal } from "../../support/in-memory/open-for-real.js";

const ID = "g-aaaaaaaaaa";
const RULE = `ajar-${ID}-p22`;
const ruleCount = (h: ReturnType<typeof makeDeps>) =>
  [NIC_NSG, SUBNET_NSG].flatMap((nsg) => h.network.ruleNames(nsg)).filter((n) => n === RULE).length;
const codeOf = (outcome: Awaited<ReturnType<typeof attempt>>) =>
  outcome.ok ? "no error" : (outcome.error as AjarError).code;

describe("revokeGrant", () => {
  it("marks an open grant as ending at once, and closes it when its rules are gone", async () => {
    const h = makeDeps();
    await openForReal(h, approved());
    h.clock.advance(60);
    const ending = await revokeGrant(h.deps, ID, ALICE.slackUserId);

    expect(ending).toMatchObject({ status: "active", ending: { reason: "revoked", actor: ALICE.slackUserId } });
    expect(h.reconciles.waiting()).toEqual([NIC_NSG, SUBNET_NSG]);
    await h.reconcile();
    expect(ruleCount(h)).toBe(0);
    expect(h.store.current(ID)).toMatchObject({ status: "closed", closeReason: "revoked" });
    expect(h.audit.events(ID)).toEqual(["opened", "revoked"]);
    expect(h.jobs.announced(ID)).toEqual(["opened", "closed"]);
  });

  it("lets an approver or an operator revoke, but nobody else", async () => {
    for (const [actor, operator, allowed] of [
      [BOB, false, true],
      [MALLORY, true, true],
      [MALLORY, false, false],
    ] as const) {
      const h = makeDeps();
      await h.store.create(active());
      const outcome = await attempt(() => revokeGrant(h.deps, ID, actor, { operator }));
      expect(codeOf(outcome)).toBe(allowed ? "no error" : "APPROVAL.NOT_ELIGIBLE");
      expect(h.store.current(ID).ending?.actor).toBe(allowed ? actor : undefined);
    }
  });

  it("a second revoke changes nothing and says it is already closing", async () => {
    const h = makeDeps();
    await openForReal(h, approved());
    await revokeGrant(h.deps, ID, ALICE.slackUserId);
    const first = footprint(h);
    const version = h.store.current(ID).version;
    expect(codeOf(await attempt(() => revokeGrant(h.deps, ID, ALICE.slackUserId)))).toBe("GRANT.STALE");
    expect(footprint(h)).toEqual(first);
    expect(h.store.current(ID).version).toBe(version);
  });

  it("refuses a grant that already ended, changing nothing", async () => {
    const h = makeDeps();
    await h.store.create(active({ status: "closed", closeReason: "expired" }));
    expect(codeOf(await attempt(() => revokeGrant(h.deps, ID, ALICE.slackUserId)))).toBe("GRANT.STALE");
    expect(h.store.current(ID).ending).toBeUndefined();
    expect([h.reconciles.calls, h.audit.entries]).toEqual([[], []]);
  });

  it("says so when the grant closed between its read and its write", async () => {
    const h = makeDeps();
    await h.store.create(active());
    h.store.interfereBeforeNextReplace(() => active({ status: "closed", closeReason: "expired" }));
    expect(codeOf(await attempt(() => revokeGrant(h.deps, ID, ALICE.slackUserId)))).toBe("GRANT.STALE");
    expect(h.store.current(ID)).toMatchObject({ status: "closed", closeReason: "expired" });
    expect(h.reconciles.calls).toEqual([]);
  });

  it("tries again after a harmless change won the race, and still revokes", async () => {
    const h = makeDeps();
    await h.store.create(active());
    h.store.interfereBeforeNextReplace((g) => ({
      ...g,
      messages: [...g.messages, { channel: "C0JITNOTE", ts: "9.000000", purpose: "notice" }],
    }));
    await revokeGrant(h.deps, ID, ALICE.slackUserId);
    expect(h.store.current(ID)).toMatchObject({ ending: { reason: "revoked" }, messages: [{}, { ts: "9.000000" }] });
  });

  it("closes at once an approved grant that never started opening", async () => {
    const h = makeDeps();
    await h.store.create(approved());
    await revokeGrant(h.deps, ID, ALICE.slackUserId);
    expect(h.store.current(ID)).toMatchObject({ status: "closed", closeReason: "revoked" });
    expect(h.reconciles.calls).toEqual([]);
    expect(h.audit.events(ID)).toEqual(["revoked"]);
    expect(h.jobs.announced(ID)).toEqual(["closed"]);
  });

  it("keeps the grant closing, never closed, while Azure refuses to delete its rule, and closes it on the next pass", async () => {
    const h = makeDeps();
    await openForReal(h, approved());
    await revokeGrant(h.deps, ID, ALICE.slackUserId);
    h.network.failNextWrite(
      new AjarError("CLOUD.REJECTED", "AuthorizationFailed: the client may not delete securityRules"),
      SUBNET_NSG,
    );
    await expect(h.reconcile()).rejects.toThrow(/AuthorizationFailed/);
    // Gone from the NIC's NSG, still in the subnet's: the grant is not closed until it is gone from both.
    expect([h.network.ruleNames(NIC_NSG).includes(RULE), h.network.ruleNames(SUBNET_NSG).includes(RULE)]).toEqual([
      false,
      true,
    ]);
    expect(h.store.current(ID)).toMatchObject({ status: "active", ending: { reason: "revoked" } });
    expect(h.jobs.announced(ID)).toEqual(["opened"]);

    await h.deps.reconciles.request([NIC_NSG, SUBNET_NSG]);
    await h.reconcile();
    expect(ruleCount(h)).toBe(0);
    expect(h.store.current(ID).status).toBe("closed");
  });
});
