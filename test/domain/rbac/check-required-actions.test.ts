import { describe, expect, it, vi } from "vitest";

import { AjarError } from "../../../src/domain/errors.js";
import type { PermissionSource, RoleAssignmentInfo } from "../../../src/domain/ports/permission-source.port.js";
import { checkRequiredActions } from "../../../src/domain/rbac/check-required-actions.js";
import { describeDecision } from "../../../src/domain/rbac/describe-decision.js";
import { DEFAULT_SCOPED_ACTIONS, toRequiredAction } from "../../../src/domain/rbac/required-actions.js";
import { createRoleDefinitionCache } from "../../../src/domain/rbac/role-definition-cache.js";
import { assignmentReaches } from "../../../src/domain/rbac/scope-applies.js";
import { assign, INITIATE, ME, MG, RG, ROLES, SUB, VM, VM_READ } from "./fixtures.js";

/** Answers like ARM's atScope(): only assignments at the asked scope or above it. */
function armLikeSource(assignments: RoleAssignmentInfo[]) {
  const byId = new Map(Object.values(ROLES).map((r) => [r.id.toLowerCase(), r]));
  return {
    listRoleAssignments: vi.fn(async (scope: string) => assignments.filter((a) => assignmentReaches(a.scope, scope))),
    listDenyAssignments: vi.fn(async () => []),
    getRoleDefinition: vi.fn(async (id: string) => {
      const found = byId.get(id.toLowerCase());
      if (!found) throw new AjarError("CLOUD.NOT_FOUND", `no ${id}`);
      return found;
    }),
  } satisfies PermissionSource;
}

const cache = () => createRoleDefinitionCache({ ttlMs: 60_000, now: () => 0 });
const check = (assignments: RoleAssignmentInfo[], required = DEFAULT_SCOPED_ACTIONS) =>
  checkRequiredActions({ source: armLikeSource(assignments), definitionCache: cache() }, ME, VM, required);

describe("checkRequiredActions: each action at the scope Defender checks it", () => {
  it("refuses JIT initiate held on the VM alone, naming the action and the resource group it is needed at", async () => {
    const decision = await check([assign(ROLES.jitRequester, VM)]);
    expect(decision.allowed).toBe(false);
    expect(decision.missing.map((m) => [m.action, m.scope])).toEqual([
      [INITIATE, RG],
      ["Microsoft.Security/locations/jitNetworkAccessPolicies/*/read", RG],
    ]);
    const text = describeDecision(decision);
    expect(text).toContain(
      `lacks ${INITIATE} and Microsoft.Security/locations/jitNetworkAccessPolicies/*/read at resource group ${RG}`,
    );
  });

  it("allows the same role at the resource group, the subscription or a management group", async () => {
    for (const scope of [RG, SUB, MG])
      expect((await check([assign(ROLES.jitRequester, scope)])).allowed, scope).toBe(true);
  });

  it("lets the VM reads come from a role on the VM while initiate comes from the resource group", async () => {
    const decision = await check([
      assign(ROLES.jitInitiator, RG),
      assign(ROLES.narrowJitRead, VM),
      assign(ROLES.reader, RG),
    ]);
    expect(decision.allowed).toBe(true);
  });

  it("reads RBAC once per distinct scope", async () => {
    const source = armLikeSource([assign(ROLES.jitRequester, RG)]);
    await checkRequiredActions({ source, definitionCache: cache() }, ME, VM, DEFAULT_SCOPED_ACTIONS);
    expect(source.listRoleAssignments.mock.calls.map((c) => c[0]).sort()).toEqual([RG, VM].sort());
  });

  it("honours a policy that asks for an action at the subscription", async () => {
    const required = [{ action: VM_READ, scope: "subscription" as const }];
    expect((await check([assign(ROLES.reader, RG)], required)).missing).toEqual([
      { action: VM_READ, scope: SUB, reason: "not-granted" },
    ]);
    expect((await check([assign(ROLES.reader, SUB)], required)).allowed).toBe(true);
  });

  it("gives plain string entries Defender's default scope", () => {
    expect(toRequiredAction(INITIATE)).toEqual({ action: INITIATE, scope: "resourceGroup" });
    expect(toRequiredAction(VM_READ)).toEqual({ action: VM_READ, scope: "vm" });
  });
});
