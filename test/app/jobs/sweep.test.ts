import { describe, expect, it } from "vitest";

import { sweep } from "../../../src/app/jobs/sweep.js";
import { parseConfig } from "../../../src/config/load-config.js";
import { AjarError } from "../../../src/domain/errors.js";
import {
  ALICE,
  approved,
  AUTO_NSG,
  BOB,
  estateConfig,
  NIC_NSG,
  pending,
  requested,
  SUB,
  SUBNET_NSG,
} from "../../support/in-memory/estate.js";
import { footprint, makeDeps } from "../../support/in-memory/make-deps.js";
import { openForReal } from "../../support/in-memory/open-for-real.js";

const ID = "g-aaaaaaaaaa";
const RULE = `ajar-${ID}-p22`;

describe("sweep", () => {
  it("queues the authorize job of a request left waiting, and only one however often it runs", async () => {
    const h = makeDeps();
    await h.store.create(requested());
    h.clock.advance(30);
    expect((await sweep(h.deps)).grantsRequeued).toEqual([]);
    h.clock.advance(60);
    expect((await sweep(h.deps)).grantsRequeued).toEqual([ID]);
    await sweep(h.deps);
    expect(h.jobs.jobs("authorize")).toHaveLength(1);
  });

  it("queues the open job of an approved grant left waiting", async () => {
    const h = makeDeps();
    await h.store.create(approved());
    h.clock.advance(120);
    expect((await sweep(h.deps)).grantsRequeued).toEqual([ID]);
    expect(h.jobs.jobs("open").map((j) => j.grantId)).toEqual([ID]);
  });

  it("expires a request past its deadline whose expiry job was lost, once", async () => {
    const h = makeDeps();
    await h.store.create(pending());
    h.clock.set("2026-11-25T11:02:00.000Z");
    await sweep(h.deps);
    expect(h.store.current(ID).status).toBe("expired");
    expect(h.audit.events(ID)).toEqual(["expired"]);
    expect(h.notifier.about(ID)).toContain(`${ALICE.slackUserId}:expired`);
    const first = footprint(h);
    await sweep(h.deps);
    expect(footprint(h)).toEqual(first);
  });

  it("does not expire a request an approver decided between the sweep's read and its write", async () => {
    const h = makeDeps();
    await h.store.create(pending());
    h.clock.set("2026-11-25T11:02:00.000Z");
    h.store.interfereBeforeNextReplace(() => pending({ status: "approved" }));
    await sweep(h.deps);
    expect(h.store.current(ID).status).toBe("approved");
    expect(h.audit.entries).toEqual([]);
    expect(h.notifier.told).toEqual([]);
  });

  it("fails, once, a grant whose rules Azure did not accept within the open timeout", async () => {
    const h = makeDeps();
    await h.store.create(
      approved({
        network: { privateIps: ["10.0.1.4"], nsgIds: [NIC_NSG] },
        ruleEnd: "2026-11-25T10:30:00.000Z",
        rules: [{ nsgId: NIC_NSG, name: RULE }],
      }),
    );
    h.clock.advance(11 * 60);
    expect((await sweep(h.deps)).grantsFailed).toEqual([ID]);
    expect(h.store.current(ID).status).toBe("failed");
    expect((await sweep(h.deps)).grantsFailed).toEqual([]);
    expect(h.audit.events(ID)).toEqual(["failed"]);
    expect(h.jobs.announced(ID)).toEqual(["failed"]);
  });

  it("asks for nothing once every NSG is as the grants want, and for the NSG whose rule someone removed", async () => {
    const h = makeDeps();
    await openForReal(h, approved());
    await sweep(h.deps);
    await h.reconcile();
    expect((await sweep(h.deps)).reconciles).toEqual([]);

    h.network.touch(NIC_NSG, (rules) => rules.filter((r) => r.name !== RULE));
    expect((await sweep(h.deps)).reconciles).toEqual([NIC_NSG]);
    await h.reconcile();
    expect(h.network.ruleNames(NIC_NSG)).toContain(RULE);
    expect(h.store.current(ID).status).toBe("active");
  });

  it("closes the open grants of someone no longer mapped to an Azure identity, once", async () => {
    const h = makeDeps();
    await openForReal(h, approved());
    h.deps.settings = parseConfig(
      estateConfig({ identities: [{ slackUserId: BOB, objectId: "22222222-2222-2222-2222-222222222222" }] }),
    );
    expect((await sweep(h.deps)).grantsEnded).toEqual([ID]);
    expect(h.store.current(ID)).toMatchObject({ status: "active", ending: { reason: "revoked", actor: "ajar" } });
    expect((await sweep(h.deps)).grantsEnded).toEqual([]);
    await h.reconcile();
    expect(h.store.current(ID).status).toBe("closed");
    expect(h.network.ruleNames(NIC_NSG)).not.toContain(RULE);
  });

  it("reports a subscription it cannot list, still reconciles the NSGs its grants are in, and still recovers grants", async () => {
    const h = makeDeps();
    await openForReal(h, approved());
    await h.store.create(requested({ id: "g-bbbbbbbbbb" }));
    h.clock.advance(30);
    h.network.refuseListings(new AjarError("CLOUD.REJECTED", "AuthorizationFailed on networkSecurityGroups"));
    const report = await sweep(h.deps);

    expect(report.errors).toEqual([expect.stringMatching(new RegExp(`${SUB}.*AuthorizationFailed`))]);
    expect(h.sweepFailures).toEqual([SUB]);
    expect(report.reconciles.sort()).toEqual([NIC_NSG, SUBNET_NSG].sort());
    expect(report.reconciles).not.toContain(AUTO_NSG);
    h.clock.advance(60);
    expect((await sweep(h.deps)).grantsRequeued).toEqual(["g-bbbbbbbbbb"]);
  });
});
