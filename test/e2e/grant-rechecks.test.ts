import assert from "node:assert";

import { afterEach, describe, expect, it } from "vitest";

import { decideGrant } from "../../src/app/commands/decide-grant.js";
import { extendGrant } from "../../src/app/commands/extend-grant.js";
import { isAuthorized, type AuthorizedGrant, type Grant } from "../../src/domain/grant/grant.js";
import {
  allowRules,
  click,
  e2eConfig,
  jit,
  NIC_NSG,
  startE2E,
  SUBNET_NSG,
  until,
  waitForPending,
  waitForStatus,
  type E2E,
} from "../support/e2e.js";

const ALICE_OID = "11111111-1111-1111-1111-111111111111";
const RG_PROD = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-prod";

/** A clock the test can move forward, shared by every part of the stack that asks ajar's clock. */
function movableClock() {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms: number) => void (offset += ms) };
}

describe("checked again when it matters; Redis is not trusted", () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  const pendingGrant = async (text = "ssh vm-prod-1 30m") => {
    const { grantId } = await jit(e2e!, "U0ALICE01", text);
    return waitForPending(e2e!, grantId!);
  };
  /** Edits a stored grant behind ajar's back, as someone with Redis access could. */
  const tamper = async (grant: Grant, change: (g: AuthorizedGrant) => Grant) => {
    const current = (await e2e!.stack.runtime.deps.store.get(grant.id))!;
    assert(isAuthorized(current));
    expect(
      await e2e!.stack.runtime.deps.store.replace(
        { ...change(current), version: current.version + 1 },
        current.version,
      ),
    ).toBe(true);
  };
  const nothingOpen = () =>
    until("nothing open", () => allowRules(e2e!, NIC_NSG).length === 0 && allowRules(e2e!, SUBNET_NSG).length === 0);

  it("opens nothing for a record whose source was edited outside allowedSources", async () => {
    e2e = await startE2E();
    const grant = await pendingGrant();
    await tamper(grant, (g) => ({ ...g, source: "198.51.100.7/32" }));
    await decideGrant(e2e.stack.runtime.deps, grant.id, "U0BOB0001", "approve");
    const failed = await waitForStatus(e2e, grant.id, "failed", 10_000);
    expect(failed.failure).toMatch(/outside the sources this VM accepts/);
    await nothingOpen();
  });

  it("opens nothing for a record whose port was edited to one the policy does not offer", async () => {
    e2e = await startE2E();
    const grant = await pendingGrant();
    await tamper(grant, (g) => ({ ...g, target: { ...g.target, port: 3389 } }));
    await decideGrant(e2e.stack.runtime.deps, grant.id, "U0BOB0001", "approve");
    const failed = await waitForStatus(e2e, grant.id, "failed", 10_000);
    expect(failed.failure).toMatch(/3389/);
    await nothingOpen();
  });

  it("closes an open grant whose end was edited past the policy's maximum", async () => {
    e2e = await startE2E();
    const grant = await pendingGrant("ssh vm-prod-1 1h");
    await decideGrant(e2e.stack.runtime.deps, grant.id, "U0BOB0001", "approve");
    const active = await waitForStatus(e2e, grant.id, "active");
    const far = new Date(Date.parse(active.openedAt!) + 48 * 3600_000).toISOString();
    await tamper(active, (g) => ({ ...g, expiresAt: far, ruleEnd: far }));
    await e2e.stack.runtime.deps.reconciles.request(active.network!.nsgIds);
    const closed = await waitForStatus(e2e, grant.id, "closed", 10_000);
    expect(closed.history.at(-1)?.detail ?? closed.ending?.detail).toMatch(/window is longer than the policy allows/);
    await nothingOpen();
  });

  it("gives nothing more to someone removed from identities after they asked", async () => {
    e2e = await startE2E();
    const grant = await pendingGrant();
    const identities = e2e.stack.runtime.deps.settings.identities;
    identities.splice(
      identities.findIndex((i) => i.objectId === ALICE_OID),
      1,
    );
    await decideGrant(e2e.stack.runtime.deps, grant.id, "U0BOB0001", "approve");
    const failed = await waitForStatus(e2e, grant.id, "failed", 10_000);
    expect(failed.failure).toMatch(/no longer mapped/);
    await nothingOpen();
  });

  it("checks Azure RBAC again when an approval comes later, and for an extension", async () => {
    const clock = movableClock();
    e2e = await startE2E(e2eConfig(), { clock });
    const { deps } = e2e.stack.runtime;
    const grant = await pendingGrant("ssh vm-prod-1 1h");
    const first = await pendingGrant("ssh vm-prod-1 1h from 203.0.113.8");
    await decideGrant(deps, first.id, "U0BOB0001", "approve");
    await waitForStatus(e2e, first.id, "active");

    // The requester's JIT role goes away; the approval comes two minutes after the request.
    const assignments = await deps.permissions.listRoleAssignments(RG_PROD, ALICE_OID);
    for (const a of assignments) e2e.stack.azure.removeRoleAssignment(a.id);
    clock.advance(120_000);
    await decideGrant(deps, grant.id, "U0BOB0001", "approve");
    const failed = await waitForStatus(e2e, grant.id, "failed", 10_000);
    expect(failed.failure).toMatch(/jitNetworkAccessPolicies\/initiate\/action/);

    await expect(extendGrant(deps, first.id, "U0ALICE01", 600)).rejects.toThrow(/cannot be extended/);
    expect((await deps.store.get(first.id))?.expiresAt).toBe((await waitForStatus(e2e, first.id, "active")).expiresAt);
  });

  it("refuses a vote after the request's deadline even when the job that expires it has not run", async () => {
    e2e = await startE2E(
      e2eConfig({ grants: { pendingTimeout: "1s", reminderAfter: "15m", expiryNotice: "0s", sweepEvery: "1h" } }),
    );
    const grant = await pendingGrant();
    // The workers are down or backlogged: nothing expires the request.
    await e2e.stack.worker!.worker.pause();
    await new Promise((r) => setTimeout(r, 1300));
    expect((await e2e.stack.runtime.deps.store.get(grant.id))?.status).toBe("pending");
    expect((await click(e2e, "U0BOB0001", "ajar.approve", grant.id)).text).toMatch(/expired at/);
    expect((await e2e.stack.runtime.deps.store.get(grant.id))?.status).toBe("pending");
    await e2e.stack.worker!.worker.resume();
  });

  it("applies an extension once however many approvers click, and lets a failed one be asked again", async () => {
    const config = e2eConfig();
    e2e = await startE2E(config);
    const { deps } = e2e.stack.runtime;
    const grant = await pendingGrant("ssh vm-prod-1 1h");
    await decideGrant(deps, grant.id, "U0BOB0001", "approve");
    const active = await waitForStatus(e2e, grant.id, "active");
    await extendGrant(deps, grant.id, "U0ALICE01", 600);
    const outcomes = await Promise.allSettled([
      decideGrant(deps, grant.id, "U0BOB0001", "approve"),
      decideGrant(deps, grant.id, "U0CAROL01", "approve"),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled" && o.value === "extension-approved")).toHaveLength(1);
    const after = (await deps.store.get(grant.id))!;
    expect(Date.parse(after.expiresAt!) - Date.parse(active.expiresAt!)).toBe(600_000);
    expect(after.history.filter((h) => h.type === "extended")).toHaveLength(1);
    const audit = (await deps.audit.read({})).filter((a) => a.grantId === grant.id && a.event === "extension-approved");
    expect(audit).toHaveLength(1);

    // The policy tightens while a second extension waits: its approval cannot be applied, and says so,
    // and the requester can ask again instead of being blocked by it.
    await extendGrant(deps, grant.id, "U0ALICE01", 600);
    deps.settings.policies[0]!.maxDurationSeconds = 3600 + 600;
    expect(await decideGrant(deps, grant.id, "U0BOB0001", "approve")).toBe("extension-failed");
    const failedOnce = (await deps.store.get(grant.id))!;
    expect(failedOnce.pendingExtension).toBeUndefined();
    expect(failedOnce.expiresAt).toBe(after.expiresAt);
    expect((await jit(e2e, "U0ALICE01", `extend ${grant.id} 1m`)).reply).not.toMatch(/already waiting/);
  });
});
