import { describe, expect, it } from "vitest";

import { evaluatePermissions } from "../../../src/domain/rbac/evaluate-permissions.js";
import {
  assign,
  block,
  deny,
  GROUP,
  INITIATE,
  JIT_READ,
  ME,
  MG,
  NIC_READ,
  OTHER,
  OTHER_GROUP,
  query,
  RG,
  role,
  ROLES,
  SIBLING_VM,
  SUB,
  VM,
  VM_READ,
} from "./fixtures.js";

const missingActions = (d: ReturnType<typeof evaluatePermissions>): string[] => d.missing.map((m) => m.action);

describe("evaluatePermissions: grants", () => {
  it("allows the Defender requester role at the VM", () => {
    const decision = evaluatePermissions(query({ assignments: [assign(ROLES.jitRequester, VM)] }));
    expect(decision).toMatchObject({ allowed: true, missing: [], undetermined: [], scope: VM });
    expect(decision.grantedBy[INITIATE]).toEqual(["JIT Requester"]);
  });

  it("counts assignments at the resource group, subscription, root and a management group", () => {
    for (const scope of [RG, SUB, "/", MG, RG.toUpperCase()]) {
      expect(evaluatePermissions(query({ assignments: [assign(ROLES.jitRequester, scope)] })).allowed, scope).toBe(
        true,
      );
    }
  });

  it("reports each action a role does not grant", () => {
    const decision = evaluatePermissions(query({ assignments: [assign(ROLES.reader, RG)] }));
    expect(decision.allowed).toBe(false);
    expect(decision.missing).toEqual([{ action: INITIATE, scope: VM, reason: "not-granted" }]);
    expect(decision.grantedBy).toEqual({
      [INITIATE]: [],
      [JIT_READ]: ["Reader"],
      [VM_READ]: ["Reader"],
      [NIC_READ]: ["Reader"],
    });
  });

  it("combines roles: Reader plus an initiate-only role is enough", () => {
    const decision = evaluatePermissions(
      query({ assignments: [assign(ROLES.reader, SUB), assign(ROLES.jitInitiator, VM)] }),
    );
    expect(decision.allowed).toBe(true);
  });

  it("a grant that does not cover a wildcard requirement does not count", () => {
    const decision = evaluatePermissions(query({ assignments: [assign(ROLES.narrowJitRead, VM)] }));
    expect(missingActions(decision)).toEqual([JIT_READ]);
  });

  it("a notAction of one role does not stop another role from granting", () => {
    const alone = evaluatePermissions(query({ assignments: [assign(ROLES.contributorNoSecurity, RG)] }));
    expect(missingActions(alone)).toEqual([INITIATE, JIT_READ]);
    const both = evaluatePermissions(
      query({ assignments: [assign(ROLES.contributorNoSecurity, RG), assign(ROLES.securityAdmin, SUB)] }),
    );
    expect(both.allowed).toBe(true);
    expect(both.grantedBy[INITIATE]).toEqual(["Security Admin"]);
  });

  it("notActions only subtract within their own block", () => {
    const twoBlocks = role(
      "Two blocks",
      block(["*"], ["Microsoft.Security/*"]),
      block(["Microsoft.Security/locations/*"]),
    );
    const decision = evaluatePermissions(
      query({ assignments: [assign(twoBlocks, VM)], definitions: new Map([[twoBlocks.id, twoBlocks]]) }),
    );
    expect(decision.allowed).toBe(true);
  });

  it("a notAction that overlaps a wildcard requirement excludes it (fail closed)", () => {
    const carved = role("Carved", block(["*"], ["Microsoft.Network/networkInterfaces/ipConfigurations/read"]));
    const decision = evaluatePermissions(
      query({ assignments: [assign(carved, VM)], definitions: new Map([[carved.id, carved]]) }),
    );
    expect(missingActions(decision)).toEqual([NIC_READ]);
  });

  it("counts assignments made to a group the principal is in", () => {
    const decision = evaluatePermissions(
      query({ assignments: [assign(ROLES.jitRequester, RG, { principalId: GROUP })] }),
    );
    expect(decision.allowed).toBe(true);
  });

  it("matches role definition ids case-insensitively", () => {
    const a = assign(ROLES.jitRequester, VM, { roleDefinitionId: ROLES.jitRequester.id.toUpperCase() });
    const definitions = new Map([[ROLES.jitRequester.id, ROLES.jitRequester]]);
    expect(evaluatePermissions(query({ assignments: [a], definitions })).allowed).toBe(true);
  });

  it("lists a role once in grantedBy even when assigned twice", () => {
    const decision = evaluatePermissions(query({ assignments: [assign(ROLES.reader, VM), assign(ROLES.reader, SUB)] }));
    expect(decision.grantedBy[VM_READ]).toEqual(["Reader"]);
  });
});

describe("evaluatePermissions: what does not count", () => {
  it.each([
    ["a sibling VM", SIBLING_VM],
    ["a child of the VM", `${VM}/extensions/ext-1`],
    ["another resource group", `${SUB}/resourceGroups/rg-dev`],
    ["a resource group whose name extends ours", `${RG}-2`],
    ["another subscription", "/subscriptions/99999999-2222-3333-4444-555555555555"],
    ["a malformed scope", "subscriptions/oops"],
  ])("ignores an assignment on %s", (_label, scope) => {
    const a = assign(ROLES.jitRequester, scope);
    const decision = evaluatePermissions(query({ assignments: [a] }));
    expect(decision.allowed).toBe(false);
    expect(decision.ignoredOutOfScope).toEqual([a.id]);
    expect(decision.missing).toHaveLength(4);
  });

  it("ignores and reports assignments with a condition", () => {
    const conditional = assign(ROLES.jitRequester, VM, { condition: "@Resource[x] StringEquals 'y'" });
    const decision = evaluatePermissions(query({ assignments: [conditional] }));
    expect(decision.allowed).toBe(false);
    expect(decision.ignoredConditional).toEqual([conditional.id]);
  });

  it("treats a blank condition as none", () => {
    const decision = evaluatePermissions(query({ assignments: [assign(ROLES.jitRequester, VM, { condition: "  " })] }));
    expect(decision.allowed).toBe(true);
  });

  it("is undetermined, not denied, when a role definition is missing", () => {
    const unknown = assign(ROLES.reader, VM, {
      roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/gone`,
    });
    const decision = evaluatePermissions(query({ assignments: [assign(ROLES.reader, VM), unknown] }));
    expect(decision.allowed).toBe(false);
    expect(decision.missing).toEqual([]);
    expect(decision.undetermined).toEqual([
      {
        action: INITIATE,
        scope: VM,
        reason: "role-definition-unavailable",
        roleDefinitionIds: [unknown.roleDefinitionId],
      },
    ]);
  });

  it("a missing definition does not matter when the rest already grants everything", () => {
    const unknown = assign(ROLES.reader, VM, {
      roleDefinitionId: "/providers/Microsoft.Authorization/roleDefinitions/gone",
    });
    const decision = evaluatePermissions(query({ assignments: [assign(ROLES.jitRequester, VM), unknown] }));
    expect(decision.allowed).toBe(true);
  });

  it("allows nothing with no assignments", () => {
    expect(evaluatePermissions(query({ assignments: [] })).missing).toHaveLength(4);
  });

  it("allows an empty requirement", () => {
    expect(evaluatePermissions(query({ assignments: [], requiredActions: [] })).allowed).toBe(true);
  });
});

describe("evaluatePermissions: deny assignments", () => {
  const granted = [assign(ROLES.jitRequester, VM)];

  it("a deny for everyone blocks, and names the deny assignment", () => {
    const d = deny({ permissions: [block(["Microsoft.Security/*"])] });
    const decision = evaluatePermissions(query({ assignments: granted, denyAssignments: [d] }));
    expect(decision.allowed).toBe(false);
    expect(decision.missing).toEqual([
      { action: INITIATE, scope: VM, reason: "denied", denyAssignment: { id: d.id, name: d.name, scope: SUB } },
      { action: JIT_READ, scope: VM, reason: "denied", denyAssignment: { id: d.id, name: d.name, scope: SUB } },
    ]);
  });

  it("a deny naming the principal (any casing) blocks", () => {
    const d = deny({ principalIds: [ME.toUpperCase()] });
    expect(evaluatePermissions(query({ assignments: granted, denyAssignments: [d] })).missing).toHaveLength(4);
  });

  it("a deny naming someone else does not apply when membership is known", () => {
    const d = deny({ principalIds: [OTHER] });
    expect(evaluatePermissions(query({ assignments: granted, denyAssignments: [d] })).allowed).toBe(true);
  });

  it("a deny naming one of the principal's groups blocks", () => {
    const d = deny({ principalIds: [GROUP] });
    const decision = evaluatePermissions(
      query({ assignments: granted, denyAssignments: [d], principalGroupIds: [GROUP] }),
    );
    expect(decision.missing.every((m) => m.reason === "denied")).toBe(true);
  });

  it("an excluded principal is not denied", () => {
    const d = deny({ excludePrincipalIds: [OTHER, ME] });
    expect(evaluatePermissions(query({ assignments: granted, denyAssignments: [d] })).allowed).toBe(true);
  });

  it("a principal excluded through a group is not denied", () => {
    const d = deny({ excludePrincipalIds: [GROUP] });
    const decision = evaluatePermissions(
      query({ assignments: granted, denyAssignments: [d], principalGroupIds: [OTHER_GROUP, GROUP] }),
    );
    expect(decision.allowed).toBe(true);
  });

  it("is denied when the excluded group is not one of the principal's", () => {
    const d = deny({ excludePrincipalIds: [GROUP] });
    const decision = evaluatePermissions(
      query({ assignments: granted, denyAssignments: [d], principalGroupIds: [OTHER_GROUP] }),
    );
    expect(decision.missing.map((m) => m.reason)).toEqual(["denied", "denied", "denied", "denied"]);
  });

  it("is undetermined when exclusion depends on unknown group membership", () => {
    const d = deny({ excludePrincipalIds: [GROUP] });
    const decision = evaluatePermissions(
      query({ assignments: granted, denyAssignments: [d], principalGroupIds: undefined }),
    );
    expect(decision.allowed).toBe(false);
    expect(decision.missing).toEqual([]);
    expect(decision.undetermined.map((u) => u.reason)).toEqual(Array(4).fill("deny-membership-unknown"));
  });

  it("is undetermined when the deny names another id that might be a group", () => {
    const d = deny({ principalIds: [OTHER] });
    const decision = evaluatePermissions(
      query({ assignments: granted, denyAssignments: [d], principalGroupIds: undefined }),
    );
    expect(decision.undetermined).toHaveLength(4);
  });

  it("a certain deny wins over an uncertain one", () => {
    const maybe = deny({ principalIds: [OTHER] });
    const surely = deny({ principalIds: [ME] });
    const decision = evaluatePermissions(
      query({ assignments: granted, denyAssignments: [maybe, surely], principalGroupIds: undefined }),
    );
    expect(decision.missing.map((m) => m.denyAssignment?.id)).toEqual(Array(4).fill(surely.id));
  });

  it("doNotApplyToChildScopes: applies exactly at its scope only", () => {
    const atRg = deny({ scope: RG, doNotApplyToChildScopes: true });
    expect(evaluatePermissions(query({ assignments: granted, denyAssignments: [atRg] })).allowed).toBe(true);
    const atVm = deny({ scope: VM.toLowerCase(), doNotApplyToChildScopes: true });
    expect(evaluatePermissions(query({ assignments: granted, denyAssignments: [atVm] })).allowed).toBe(false);
  });

  it("a deny on a sibling or a child scope does not apply", () => {
    const sibling = deny({ scope: SIBLING_VM });
    const child = deny({ scope: `${VM}/extensions/ext-1` });
    expect(evaluatePermissions(query({ assignments: granted, denyAssignments: [sibling, child] })).allowed).toBe(true);
  });

  it("a deny at a management group applies", () => {
    expect(evaluatePermissions(query({ assignments: granted, denyAssignments: [deny({ scope: MG })] })).allowed).toBe(
      false,
    );
  });

  it("a deny with an unreadable scope is assumed to apply (fail closed)", () => {
    expect(
      evaluatePermissions(query({ assignments: granted, denyAssignments: [deny({ scope: "???" })] })).allowed,
    ).toBe(false);
  });

  it("a deny's notActions lift it only where they cover the requirement", () => {
    const lifted = deny({ permissions: [block(["*"], ["*/read", "Microsoft.Security/*"])] });
    expect(evaluatePermissions(query({ assignments: granted, denyAssignments: [lifted] })).allowed).toBe(true);
    const partly = deny({ permissions: [block(["*"], ["*/read", "Microsoft.Network/networkInterfaces/read"])] });
    const decision = evaluatePermissions(query({ assignments: granted, denyAssignments: [partly] }));
    expect(missingActions(decision)).toEqual([INITIATE]);
  });

  it("a deny pattern that only partly overlaps a wildcard requirement still blocks it", () => {
    const d = deny({ permissions: [block(["Microsoft.Network/networkInterfaces/ipConfigurations/read"])] });
    expect(missingActions(evaluatePermissions(query({ assignments: granted, denyAssignments: [d] })))).toEqual([
      NIC_READ,
    ]);
  });

  it("a deny of unrelated actions does not block", () => {
    const d = deny({ permissions: [block(["Microsoft.Compute/virtualMachines/delete", "*/write"])] });
    expect(evaluatePermissions(query({ assignments: granted, denyAssignments: [d] })).allowed).toBe(true);
  });

  it("reports a denied action that no role grants as denied", () => {
    const decision = evaluatePermissions(query({ assignments: [], denyAssignments: [deny()] }));
    expect(decision.missing.map((m) => m.reason)).toEqual(Array(4).fill("denied"));
  });
});
