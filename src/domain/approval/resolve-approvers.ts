import { AjarError } from "../errors.js";
import type { ApprovalRule } from "../policy/policy.js";

export interface ApproverSet {
  mode: ApprovalRule["mode"];
  eligible: string[];
  required: number;
}

/**
 * Who may approve is fixed when the request is made, so a later change in a user group cannot let
 * someone approve a request they were never asked about. The requester is removed unless the policy
 * allows self-approval, and the threshold is checked against who is left.
 */
export function resolveApprovers(
  rule: ApprovalRule,
  requesterSlackId: string,
  managerSlackId: string | undefined,
  /** Slack user ids per Slack user group id and per Entra group object id. */
  groupMembers: Record<string, string[]>,
  /** Why no manager could be found, in words for the requester (e.g. "your manager in Entra ID has no Slack account"). */
  managerProblem?: string,
): ApproverSet {
  if (rule.mode === "none") return { mode: "none", eligible: [], required: 0 };

  let candidates: string[];
  let required: number;
  if (rule.mode === "manager") {
    if (!managerSlackId) {
      throw new AjarError(
        "POLICY.VIOLATION",
        managerProblem ??
          "This VM needs your manager's approval, but no manager is configured for you in ajar. Ask an ajar administrator to add `manager` to your identity entry.",
      );
    }
    candidates = [managerSlackId];
    required = 1;
  } else {
    // People, not groups, are counted: someone in two groups is one approver.
    candidates = [...rule.users, ...[...rule.usergroups, ...rule.entraGroups].flatMap((g) => groupMembers[g] ?? [])];
    required = rule.minApprovals;
  }

  const eligible = [...new Set(candidates)].filter((u) => rule.allowSelfApproval || u !== requesterSlackId);
  if (eligible.length < required) {
    throw new AjarError(
      "POLICY.VIOLATION",
      `This request needs ${required} approval(s) but only ${eligible.length} eligible approver(s) other than you exist. Ask an ajar administrator to review the policy's approvers.`,
    );
  }
  return { mode: rule.mode, eligible, required };
}
