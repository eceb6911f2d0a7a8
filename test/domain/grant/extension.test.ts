import { describe, expect, it } from "vitest";

import { castExtensionVote, checkExtension, extensionRoom } from "../../../src/domain/grant/extension.js";
import type { Policy } from "../../../src/domain/policy/policy.js";
import { grantFixture } from "../../support/grant-fixture.js";

const policy: Policy = {
  name: "prod",
  vms: [{ resourceGroup: "rg" }],
  ports: [{ port: 22, protocol: "Tcp", maxDurationSeconds: 2 * 3600 }],
  minDurationSeconds: 60,
  defaultDurationSeconds: 3600,
  maxDurationSeconds: 3 * 3600,
  allowedSources: ["203.0.113.0/24"],
  allowAnySource: false,
  justification: { required: false },
  approval: {
    mode: "approvers",
    users: ["UBOB", "UCAROL"],
    usergroups: [],
    entraGroups: [],
    minApprovals: 2,
    allowSelfApproval: false,
  },
  requiredActions: [],
};

const active = grantFixture({
  status: "active",
  openedAt: "2026-11-25T10:00:00.000Z",
  expiresAt: "2026-11-25T11:00:00.000Z",
  approval: { mode: "approvers", required: 2, eligible: ["UBOB", "UCAROL"], votes: [] },
});
const now = new Date("2026-11-25T10:30:00Z");

describe("extensions", () => {
  it("allow growth up to the port's maximum window, counted from opening", () => {
    expect(extensionRoom(active, policy)).toBe(3600);
    expect(checkExtension(active, policy, 3600).toISOString()).toBe("2026-11-25T12:00:00.000Z");
    expect(() => checkExtension(active, policy, 3601)).toThrow(/up to 1h/);
    expect(() => checkExtension({ ...active, status: "closed" }, policy, 60)).toThrow(/not open/);
  });

  it("need the same approvers and threshold as the request", () => {
    const asked = { ...active, pendingExtension: { durationSeconds: 600, requestedAt: now.toISOString(), votes: [] } };
    expect(() => castExtensionVote(asked, "UALICE", "approve", now)).toThrow(/your own grant/);
    expect(() => castExtensionVote(asked, "UMALLORY", "approve", now)).toThrow(/not an approver/);
    const one = castExtensionVote(asked, "UBOB", "approve", now);
    expect(one.kind).toBe("recorded");
    expect(() => castExtensionVote(one.grant, "UBOB", "approve", now)).toThrow(/already voted/);
    const two = castExtensionVote(one.grant, "UCAROL", "approve", now);
    expect(two).toMatchObject({ kind: "approved", durationSeconds: 600 });
    expect(two.grant.status).toBe("active");
  });

  it("end with one deny, leaving the grant open as it was", () => {
    const asked = { ...active, pendingExtension: { durationSeconds: 600, requestedAt: now.toISOString(), votes: [] } };
    const denied = castExtensionVote(asked, "UCAROL", "deny", now, "enough");
    expect(denied.kind).toBe("denied");
    expect(denied.grant.pendingExtension).toBeUndefined();
    expect(denied.grant.expiresAt).toBe(active.expiresAt);
    expect(() => castExtensionVote(denied.grant, "UBOB", "approve", now)).toThrow(/no extension/);
  });
});
