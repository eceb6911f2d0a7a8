import { describe, expect, it } from "vitest";

import type { GrantStore } from "../../src/app/ports/grant-store.port.js";
import { mutateGrant } from "../../src/app/shared/mutate-grant.js";
import type { Grant } from "../../src/domain/grant/grant.js";
import { castVote, transition } from "../../src/domain/grant/transitions.js";
import type { NetworkAccess } from "../../src/domain/ports/network-access.port.js";
import type { PermissionSource } from "../../src/domain/ports/permission-source.port.js";
import { instrumentNetworkAccess, instrumentPermissionSource } from "../../src/observability/instrument-azure.js";
import { instrumentGrantStore } from "../../src/observability/instrument-grant-store.js";
import type { Metrics } from "../../src/observability/metrics.js";
import { grantFixture } from "../support/grant-fixture.js";

/** Records every metric call, in order. */
function recorder(): Metrics & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    command: (kind) => calls.push(`command ${kind}`),
    approval: (outcome) => calls.push(`approval ${outcome}`),
    grantOutcome: (status, reason) => calls.push(`grant ${status}${reason ? ` ${reason}` : ""}`),
    closeLateness: (s) => calls.push(`lateness ${s}`),
    armCall: (op, ms, ok) => calls.push(`arm ${op} ${ms} ${ok ? "ok" : "error"}`),
    exposure: (vm, port) => calls.push(`exposure ${vm} ${port}`),
    sweepFailure: (sub) => calls.push(`sweep-failure ${sub}`),
  };
}

/** A compare-and-set store in memory, like RedisGrantStore. */
function memoryStore(): GrantStore {
  const grants = new Map<string, Grant>();
  return {
    create: async (g) => void grants.set(g.id, structuredClone(g)),
    get: async (id) => structuredClone(grants.get(id)),
    async replace(g, expected) {
      if (grants.get(g.id)?.version !== expected) return false;
      grants.set(g.id, structuredClone(g));
      return true;
    },
    list: async () => [...grants.values()],
    countOpen: async () => ({}),
  };
}

describe("instrumentNetworkAccess / instrumentPermissionSource", () => {
  it("times every call and reports failures without swallowing them", async () => {
    const metrics = recorder();
    let t = 0;
    const clock = () => (t += 5);
    const inner = {
      listVms: async () => [],
      resolveVmNetwork: async () => Promise.reject(new Error("NotFound")),
      listVmNetworks: async () => ({ vms: [], unresolved: [] }),
      listRules: async () => [],
      getSecurityGroup: async (id) => ({ id, etag: "e", rules: [] }),
      listSecurityGroups: async () => [],
      replaceAjarRules: async () => undefined,
      putRule: async () => undefined,
      deleteRule: async () => undefined,
      listEffectiveRules: async () => [],
    } satisfies NetworkAccess;
    const network = instrumentNetworkAccess(inner, metrics, clock);
    await network.listVms(["s"]);
    await expect(network.resolveVmNetwork("/vm")).rejects.toThrow("NotFound");
    await network.deleteRule("/nsg", "r");
    expect(metrics.calls).toEqual(["arm listVms 5 ok", "arm resolveVmNetwork 5 error", "arm deleteRule 5 ok"]);

    const permissions = instrumentPermissionSource(
      {
        listRoleAssignments: async () => [],
        getRoleDefinition: async () => ({ id: "r", roleName: "Reader", permissions: [] }),
        listDenyAssignments: async () => [],
      } satisfies PermissionSource,
      metrics,
      clock,
    );
    expect((await permissions.getRoleDefinition("r")).roleName).toBe("Reader");
    expect(metrics.calls.at(-1)).toBe("arm getRoleDefinition 5 ok");
  });
});

describe("instrumentGrantStore", () => {
  const pending = grantFixture({
    id: "g-aaaaaaaaaa",
    status: "pending",
    version: 1,
    approval: { mode: "approvers", required: 2, eligible: ["UBOB", "UCAROL"], votes: [] },
  });

  it("counts each vote once, the approval's transition, and opening", async () => {
    const metrics = recorder();
    const store = instrumentGrantStore(memoryStore(), metrics);
    await store.create(pending);
    await mutateGrant(store, pending.id, (g) => castVote(g, "UBOB", "approve", new Date("2026-11-25T10:05:00Z")).grant);
    await mutateGrant(
      store,
      pending.id,
      (g) => castVote(g, "UCAROL", "approve", new Date("2026-11-25T10:06:00Z")).grant,
    );
    await mutateGrant(store, pending.id, (g) =>
      transition(g, "active", { at: "2026-11-25T10:07:00Z", actor: "ajar" }, { expiresAt: "2026-11-25T10:37:00.000Z" }),
    );
    expect(metrics.calls).toEqual([
      "grant pending",
      "approval approve",
      "approval approve",
      "grant approved",
      "grant active",
    ]);
  });

  it("measures how late an expired grant closed, and nothing for a revoke", async () => {
    const metrics = recorder();
    const store = instrumentGrantStore(memoryStore(), metrics);
    const active = grantFixture({
      id: "g-bbbbbbbbbb",
      status: "active",
      version: 4,
      expiresAt: "2026-11-25T10:30:00.000Z",
    });
    await store.create(active);
    await store.create({ ...active, id: "g-cccccccccc" });
    metrics.calls.length = 0;
    await mutateGrant(store, active.id, (g) =>
      transition(
        g,
        "closed",
        { at: "2026-11-25T10:30:07.500Z", actor: "ajar", type: "expired" },
        { closedAt: "2026-11-25T10:30:07.500Z", closeReason: "expired" },
      ),
    );
    await mutateGrant(store, "g-cccccccccc", (g) =>
      transition(
        g,
        "closed",
        { at: "2026-11-25T10:10:00.000Z", actor: "UALICE", type: "revoked" },
        { closedAt: "2026-11-25T10:10:00.000Z", closeReason: "revoked" },
      ),
    );
    expect(metrics.calls).toEqual(["grant closed expired", "lateness 7.5", "grant closed revoked"]);
  });

  it("counts nothing for a lost compare-and-set, nor for writes that change no status", async () => {
    const metrics = recorder();
    const inner = memoryStore();
    const store = instrumentGrantStore(inner, metrics);
    await inner.create(pending);
    const stale = { ...transition(pending, "cancelled", { at: "2026-11-25T10:05:00Z", actor: "UALICE" }) };
    expect(await store.replace(stale, 0)).toBe(false);
    await mutateGrant(store, pending.id, (g) => ({
      ...g,
      version: g.version + 1,
      messages: [{ channel: "C1", ts: "1.2", purpose: "approval" }],
    }));
    expect(metrics.calls).toEqual([]);
  });

  it("falls back to the newest history event when this process never read the grant", async () => {
    const metrics = recorder();
    const inner = memoryStore();
    await inner.create(pending);
    const store = instrumentGrantStore(inner, metrics);
    const denied = castVote(pending, "UBOB", "deny", new Date("2026-11-25T10:05:00Z")).grant;
    expect(await store.replace(denied, pending.version)).toBe(true);
    expect(metrics.calls).toEqual(["approval deny", "grant denied"]);
  });
});
