import { describe, expect, it } from "vitest";
import { resolveApprovers } from "../../../src/domain/approval/resolve-approvers.js";

describe("resolveApprovers", () => {
  const approvers = { mode: "approvers" as const, users: ["UBOB", "UALICE"], usergroups: ["SOPS"], minApprovals: 2, allowSelfApproval: false };

  it("expands groups and removes the requester unless self-approval is allowed", () => {
    const set = resolveApprovers(approvers, "UALICE", undefined, { SOPS: ["UCAROL", "UALICE"] });
    expect(set.eligible.sort()).toEqual(["UBOB", "UCAROL"]);
    const self = resolveApprovers({ ...approvers, allowSelfApproval: true }, "UALICE", undefined, { SOPS: ["UCAROL"] });
    expect(self.eligible).toContain("UALICE");
  });

  it("refuses when too few approvers remain for the threshold", () => {
    expect(() => resolveApprovers({ ...approvers, minApprovals: 3 }, "UALICE", undefined, { SOPS: ["UCAROL"] })).toThrow(/needs 3 approval/);
  });

  it("uses the manager, and refuses without one", () => {
    const rule = { mode: "manager" as const, allowSelfApproval: false };
    expect(resolveApprovers(rule, "UALICE", "UBOSS", {})).toEqual({ mode: "manager", eligible: ["UBOSS"], required: 1 });
    expect(() => resolveApprovers(rule, "UALICE", undefined, {})).toThrow(/no manager is configured/);
  });

  it("needs nobody for mode none", () => {
    expect(resolveApprovers({ mode: "none" }, "UALICE", undefined, {})).toEqual({ mode: "none", eligible: [], required: 0 });
  });
});
