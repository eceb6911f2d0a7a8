import { describe, expect, it } from "vitest";

import { describeDecision } from "../../../src/domain/rbac/describe-decision.js";
import { evaluatePermissions } from "../../../src/domain/rbac/evaluate-permissions.js";
import { assign, block, deny, INITIATE, ME, query, ROLES, SUB, VM } from "./fixtures.js";

describe("describeDecision", () => {
  it("confirms an allowed decision", () => {
    const decision = evaluatePermissions(query({ assignments: [assign(ROLES.jitRequester, VM)] }));
    expect(describeDecision(decision)).toBe(`Your Azure identity holds every permission needed at ${VM}.`);
  });

  it("names the missing action, the scope and who can fix it", () => {
    const decision = evaluatePermissions(query({ assignments: [assign(ROLES.reader, SUB)] }));
    expect(describeDecision(decision)).toBe(
      `Your Azure identity lacks ${INITIATE} at ${VM}. Ask an owner of that scope (or a scope above it) to assign you a role that grants it.`,
    );
  });

  it("lists several missing actions", () => {
    const decision = evaluatePermissions(query({ assignments: [], requiredActions: ["a/read", "b/read", "c/read"] }));
    expect(describeDecision(decision)).toContain("lacks a/read, b/read and c/read at");
    expect(describeDecision(decision)).toContain("grants them.");
  });

  it("names a deny assignment and does not suggest a role", () => {
    const d = deny({ name: "Stack: prod-network", permissions: [block(["Microsoft.Security/*/action"])] });
    const text = describeDecision(
      evaluatePermissions(query({ assignments: [assign(ROLES.jitRequester, VM)], denyAssignments: [d] })),
    );
    expect(text).toBe(
      `Deny assignment "Stack: prod-network" (${d.id}) at ${SUB} blocks ${INITIATE} for your Azure identity. ` +
        "A role assignment cannot override a deny assignment: ask whoever manages it (often a deployment stack, " +
        "blueprint or managed application) to exclude you.",
    );
  });

  it("explains a decision that could not be made", () => {
    const gone = assign(ROLES.reader, VM, {
      roleDefinitionId: "/providers/Microsoft.Authorization/roleDefinitions/gone",
    });
    const text = describeDecision(evaluatePermissions(query({ assignments: [gone] })));
    expect(text).toContain("could not read role definition /providers/Microsoft.Authorization/roleDefinitions/gone");
    expect(text).toContain("Try again in a few minutes");
  });

  it("explains a deny that depends on unknown group membership", () => {
    const d = deny({ excludePrincipalIds: ["some-group"] });
    const text = describeDecision(
      evaluatePermissions(
        query({ assignments: [assign(ROLES.jitRequester, VM)], denyAssignments: [d], principalGroupIds: undefined }),
      ),
    );
    expect(text).toContain("may block");
    expect(text).toContain("group memberships ajar cannot see");
  });

  it("mentions conditional assignments that were not counted", () => {
    const conditional = assign(ROLES.jitRequester, VM, { condition: "x", principalId: ME });
    const text = describeDecision(evaluatePermissions(query({ assignments: [conditional] })));
    expect(text).toContain("1 of your role assignments has a condition and was not counted");
  });
});
