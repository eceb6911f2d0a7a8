import { describe, expect, it } from "vitest";

import type { DenyAssignmentInfo } from "../../../src/domain/ports/permission-source.port.js";
import { denyApplicability } from "../../../src/domain/rbac/index.js";

const scope = "/subscriptions/s/resourceGroups/rg";
const vm = `${scope}/providers/Microsoft.Compute/virtualMachines/vm-1`;
const deny = (overrides: Partial<DenyAssignmentInfo>): DenyAssignmentInfo => ({
  id: "d",
  scope,
  permissions: [{ actions: ["*"], notActions: [], dataActions: [], notDataActions: [] }],
  principalIds: ["other-user"],
  excludePrincipalIds: [],
  doNotApplyToChildScopes: false,
  ...overrides,
});

describe("deny assignments with principal types", () => {
  it("rules out a deny that names another user, without knowing group membership", () => {
    expect(denyApplicability(deny({ principalTypes: { "other-user": "User" } }), { id: "me" }, vm)).toBe(
      "does-not-apply",
    );
  });

  it("still fails closed when the named principal is a group or of unknown type", () => {
    expect(denyApplicability(deny({ principalTypes: { "other-user": "Group" } }), { id: "me" }, vm)).toBe("may-apply");
    expect(denyApplicability(deny({}), { id: "me" }, vm)).toBe("may-apply");
  });

  it("uses groups known from role assignments, without treating them as the whole membership", () => {
    const everyoneButOps = deny({
      principalIds: ["00000000-0000-0000-0000-000000000000"],
      excludePrincipalIds: ["ops-group"],
      principalTypes: { "ops-group": "Group" },
    });
    expect(denyApplicability(everyoneButOps, { id: "me", someGroupIds: ["ops-group"] }, vm)).toBe("does-not-apply");
    expect(denyApplicability(everyoneButOps, { id: "me", someGroupIds: ["other-group"] }, vm)).toBe("may-apply");
    const onGroup = deny({ principalIds: ["contractors"], principalTypes: { contractors: "Group" } });
    expect(denyApplicability(onGroup, { id: "me", someGroupIds: ["contractors"] }, vm)).toBe("applies");
  });

  it("does not let an excluded user other than the requester lift an everyone-deny", () => {
    const everyone = deny({
      principalIds: ["00000000-0000-0000-0000-000000000000"],
      excludePrincipalIds: ["pipeline"],
      principalTypes: { pipeline: "ServicePrincipal" },
    });
    expect(denyApplicability(everyone, { id: "me" }, vm)).toBe("applies");
  });
});
