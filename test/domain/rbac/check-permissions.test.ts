import { describe, expect, it, vi } from "vitest";

import { AjarError } from "../../../src/domain/errors.js";
import type { PermissionSource, RoleAssignmentInfo } from "../../../src/domain/ports/permission-source.port.js";
import { checkPermissions } from "../../../src/domain/rbac/check-permissions.js";
import { DEFAULT_REQUIRED_ACTIONS } from "../../../src/domain/rbac/required-actions.js";
import { createRoleDefinitionCache } from "../../../src/domain/rbac/role-definition-cache.js";
import { assign, deny, GROUP, ME, MG, ROLES, SIBLING_VM, SUB, VM } from "./fixtures.js";

function fakeSource(assignments: RoleAssignmentInfo[], denies = [deny({ principalIds: [] })]) {
  const byId = new Map(Object.values(ROLES).map((r) => [r.id.toLowerCase(), r]));
  return {
    listRoleAssignments: vi.fn(async () => assignments),
    listDenyAssignments: vi.fn(async () => denies),
    getRoleDefinition: vi.fn(async (id: string) => {
      const found = byId.get(id.toLowerCase());
      if (!found) throw new AjarError("CLOUD.NOT_FOUND", `no ${id}`);
      return found;
    }),
  } satisfies PermissionSource;
}

const cache = () => createRoleDefinitionCache({ ttlMs: 60_000, now: () => 0 });
const actions = [...DEFAULT_REQUIRED_ACTIONS];

describe("checkPermissions", () => {
  it("reads assignments, definitions and denies, then decides", async () => {
    const source = fakeSource([assign(ROLES.jitRequester, SUB)]);
    const signal = new AbortController().signal;
    const decision = await checkPermissions({ source, definitionCache: cache() }, ME, VM, actions, signal);
    expect(decision.allowed).toBe(true);
    expect(source.listRoleAssignments).toHaveBeenCalledWith(VM, ME, signal);
    expect(source.listDenyAssignments).toHaveBeenCalledWith(VM, signal);
  });

  it("only fetches definitions that can matter, once each, through the cache", async () => {
    const source = fakeSource([
      assign(ROLES.reader, SUB),
      assign(ROLES.reader, VM),
      assign(ROLES.securityAdmin, VM, { condition: "x" }),
      assign(ROLES.jitInitiator, SIBLING_VM),
    ]);
    const definitionCache = cache();
    await checkPermissions({ source, definitionCache }, ME, VM, actions);
    await checkPermissions({ source, definitionCache }, ME, VM, actions);
    expect(source.getRoleDefinition).toHaveBeenCalledTimes(1);
    expect(source.getRoleDefinition).toHaveBeenCalledWith(ROLES.reader.id);
  });

  it("passes group membership to deny evaluation when it can be listed", async () => {
    const source = fakeSource([assign(ROLES.jitRequester, VM)], [deny({ excludePrincipalIds: [GROUP] })]);
    const listGroupIds = vi.fn(async () => [GROUP]);
    const decision = await checkPermissions({ source, definitionCache: cache(), listGroupIds }, ME, VM, actions);
    expect(decision.allowed).toBe(true);
    const without = await checkPermissions({ source, definitionCache: cache() }, ME, VM, actions);
    expect(without.allowed).toBe(false);
    expect(without.undetermined).toHaveLength(4);
  });

  it("fails closed as RBAC.UNDETERMINED, keeping a classified cause's retryability", async () => {
    const source = fakeSource([]);
    source.listRoleAssignments.mockRejectedValueOnce(
      new AjarError("CLOUD.TRANSIENT", "throttled", { retryable: true }),
    );
    const transient = await checkPermissions({ source, definitionCache: cache() }, ME, VM, actions).catch(
      (e: unknown) => e,
    );
    expect(transient).toMatchObject({ code: "RBAC.UNDETERMINED", retryable: true });
    expect((transient as AjarError).userMessage).toContain(VM);
    expect((transient as AjarError).cause).toMatchObject({ code: "CLOUD.TRANSIENT" });

    source.listDenyAssignments.mockRejectedValueOnce(new AjarError("CLOUD.REJECTED", "403"));
    await expect(checkPermissions({ source, definitionCache: cache() }, ME, VM, actions)).rejects.toMatchObject({
      code: "RBAC.UNDETERMINED",
      retryable: false,
    });
  });

  it("fails closed when a role definition cannot be read, and retries unclassified errors", async () => {
    const missing = assign(ROLES.reader, VM, {
      roleDefinitionId: "/providers/Microsoft.Authorization/roleDefinitions/gone",
    });
    await expect(
      checkPermissions({ source: fakeSource([missing]), definitionCache: cache() }, ME, VM, actions),
    ).rejects.toMatchObject({
      code: "RBAC.UNDETERMINED",
      retryable: false,
    });
    const source = fakeSource([assign(ROLES.reader, VM)]);
    source.getRoleDefinition.mockRejectedValueOnce(new TypeError("fetch failed"));
    await expect(checkPermissions({ source, definitionCache: cache() }, ME, VM, actions)).rejects.toMatchObject({
      code: "RBAC.UNDETERMINED",
      retryable: true,
    });
  });

  it("fails closed when group membership cannot be listed", async () => {
    const listGroupIds = vi.fn(async () => {
      throw new Error("graph down");
    });
    await expect(
      checkPermissions({ source: fakeSource([]), definitionCache: cache(), listGroupIds }, ME, VM, actions),
    ).rejects.toMatchObject({ code: "RBAC.UNDETERMINED" });
  });
});

describe("checkPermissions with a role definition that cannot be read", () => {
  const gone = assign(ROLES.securityAdmin, VM, {
    roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/gone`,
  });

  it("allows a user whose other roles suffice", async () => {
    const decision = await checkPermissions(
      { source: fakeSource([gone, assign(ROLES.jitRequester, SUB)]), definitionCache: cache() },
      ME,
      VM,
      actions,
    );
    expect(decision.allowed).toBe(true);
  });

  it("grants nothing through the unreadable role", async () => {
    const source = fakeSource([gone, assign(ROLES.reader, SUB)]);
    await expect(checkPermissions({ source, definitionCache: cache() }, ME, VM, actions)).rejects.toMatchObject({
      code: "RBAC.UNDETERMINED",
    });
  });

  it("keeps a definite refusal when another action is plainly missing", async () => {
    const mine = deny({
      principalIds: [ME],
      permissions: [{ actions: [actions[2]!], notActions: [], dataActions: [], notDataActions: [] }],
    });
    const decision = await checkPermissions(
      { source: fakeSource([gone, assign(ROLES.jitRequester, SUB)], [mine]), definitionCache: cache() },
      ME,
      VM,
      actions,
    );
    expect(decision.allowed).toBe(false);
    expect(decision.missing).toEqual([expect.objectContaining({ action: actions[2], reason: "denied" })]);
  });

  it("accepts a role defined in a management group", async () => {
    const mgRole = {
      ...ROLES.jitRequester,
      id: `${MG}/providers/Microsoft.Authorization/roleDefinitions/5a1d7d2e-0000-0000-0000-000000000001`,
    };
    const source = fakeSource([{ id: "ra-mg", scope: MG, roleDefinitionId: mgRole.id, principalId: ME }]);
    source.getRoleDefinition.mockResolvedValue(mgRole);
    expect((await checkPermissions({ source, definitionCache: cache() }, ME, VM, actions)).allowed).toBe(true);
  });
});
