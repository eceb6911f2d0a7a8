import { describe, expect, it } from "vitest";

import { resolveApprovers } from "../../../src/domain/approval/resolve-approvers.js";

describe("resolveApprovers", () => {
  const approvers = {
    mode: "approvers" as const,
    users: ["UBOB", "UALICE"],
    usergroups: ["SOPS"],
    entraGroups: [],
    minApprovals: 2,
    allowSelfApproval: false,
  };

  it("expands groups and removes the requester unless self-approval is allowed", () => {
    const set = resolveApprovers(approvers, "UALICE", undefined, { SOPS: ["UCAROL", "UALICE"] });
    expect(set.eligible.sort()).toEqual(["UBOB", "UCAROL"]);
    const self = resolveApprovers({ ...approvers, allowSelfApproval: true }, "UALICE", undefined, { SOPS: ["UCAROL"] });
    expect(self.eligible).toContain("UALICE");
  });

  it("refuses when too few approvers remain for the threshold", () => {
    expect(() =>
      resolveApprovers({ ...approvers, minApprovals: 3 }, "UALICE", undefined, { SOPS: ["UCAROL"] }),
    ).toThrow(/needs 3 approval/);
  });

  it("uses the manager, and refuses without one", () => {
    const rule = { mode: "manager" as const, allowSelfApproval: false };
    expect(resolveApprovers(rule, "UALICE", "UBOSS", {})).toEqual({
      mode: "manager",
      eligible: ["UBOSS"],
      required: 1,
    });
    expect(() => resolveApprovers(rule, "UALICE", undefined, {})).toThrow(/no manager is configured/);
  });

  it("needs nobody for mode none", () => {
    expect(resolveApprovers({ mode: "none" }, "UALICE", undefined, {})).toEqual({
      mode: "none",
      eligible: [],
      required: 0,
    });
  });
});

describe("resolveApprovers with Entra groups", () => {
  const rule = {
    mode: "approvers" as const,
    users: ["UBOB"],
    usergroups: ["SOPS"],
    entraGroups: ["g-1", "g-2"],
    minApprovals: 3,
    allowSelfApproval: false,
  };

  it("counts people, not groups: someone in several groups is one approver", () => {
    const members = { SOPS: ["UCAROL"], "g-1": ["UCAROL", "UDAN"], "g-2": ["UDAN", "UBOB"] };
    expect(resolveApprovers(rule, "UALICE", undefined, members).eligible.sort()).toEqual(["UBOB", "UCAROL", "UDAN"]);
    expect(() => resolveApprovers({ ...rule, minApprovals: 4 }, "UALICE", undefined, members)).toThrow(
      /needs 4 approval\(s\) but only 3/,
    );
  });

  it("tells the requester why their manager could not be found", () => {
    const manager = { mode: "manager" as const, allowSelfApproval: false };
    expect(() => resolveApprovers(manager, "UALICE", undefined, {}, "Your manager has no Slack account.")).toThrow(
      "Your manager has no Slack account.",
    );
  });
});
