import type { FirewallTarget } from "../firewall/firewall-target.js";
import type { RequiredAction } from "../rbac/required-actions.js";

/** A policy says which VMs may be requested, on which ports, for how long, from where and with whose approval. */

export interface VmSelector {
  subscriptionId?: string;
  resourceGroup?: string;
  /** Glob over the VM name: `*` matches any run of characters. */
  namePattern?: string;
  /** Every listed tag must be present with that value. */
  tags?: Record<string, string>;
  /** The firewall in front of the VMs this selector matches; overrides the policy's. */
  firewall?: FirewallTarget;
}

export interface PolicyPort {
  port: number;
  name?: string;
  protocol: "Tcp" | "Udp" | "*";
  /** Overrides the policy's maximum for this port. */
  maxDurationSeconds?: number;
}

export type ApprovalRule =
  | { mode: "none" }
  | { mode: "manager"; allowSelfApproval: boolean; channel?: string }
  | {
      mode: "approvers";
      users: string[];
      usergroups: string[];
      /** Entra ID group object ids: their transitive members may approve. */
      entraGroups: string[];
      minApprovals: number;
      allowSelfApproval: boolean;
      channel?: string;
    };

export interface Policy {
  name: string;
  vms: VmSelector[];
  ports: PolicyPort[];
  minDurationSeconds: number;
  defaultDurationSeconds: number;
  maxDurationSeconds: number;
  /** Prefixes a requested source must lie inside. */
  allowedSources: string[];
  allowAnySource: boolean;
  justification: { required: boolean; pattern?: string; hint?: string };
  approval: ApprovalRule;
  /** Each action with the scope it is checked at (see domain/rbac/required-actions.ts). */
  requiredActions: RequiredAction[];
  /** Channel for notices (opened, expired, revoked) about this policy's grants. */
  notifyChannel?: string;
  /** The Azure Firewall in front of the policy's VMs (DNAT); without it, grants open NSG rules only. */
  firewall?: FirewallTarget;
}

export interface IdentityMapping {
  slackUserId?: string;
  email?: string;
  objectId: string;
  managerSlackUserId?: string;
  defaultSource?: string;
  /** How the person was found: a config entry, or Entra ID through their Slack email. */
  source?: "config" | "entra";
}
