import type { DenyAssignmentInfo, RoleAssignmentInfo, RoleDefinitionInfo } from "../ports/permission-source.port.js";

export interface PermissionQuery {
  principalId: string;
  /** Transitive group ids; undefined means unknown, which makes group-based deny assignments undetermined. */
  principalGroupIds?: string[];
  /** Groups the principal is known to be in, a partial list (see PrincipalIdentity.someGroupIds). */
  someGroupIds?: string[];
  /** The resource the actions are needed on, e.g. a VM id. */
  scope: string;
  requiredActions: readonly string[];
  /** Already filtered to the principal (directly or through groups) by the source: all of them count. */
  assignments: readonly RoleAssignmentInfo[];
  /** Keyed by role definition id; keys are compared lower-cased. */
  definitions: ReadonlyMap<string, RoleDefinitionInfo>;
  denyAssignments: readonly DenyAssignmentInfo[];
}

export interface DenyAssignmentRef {
  id: string;
  name?: string;
  scope: string;
}

export interface MissingPermission {
  action: string;
  scope: string;
  reason: "not-granted" | "denied";
  denyAssignment?: DenyAssignmentRef;
}

/** An action ajar could not decide about; it counts as not allowed. */
export type UndeterminedPermission =
  | { action: string; scope: string; reason: "role-definition-unavailable"; roleDefinitionIds: string[] }
  | { action: string; scope: string; reason: "deny-membership-unknown"; denyAssignment: DenyAssignmentRef };

export interface PermissionDecision {
  allowed: boolean;
  scope: string;
  missing: MissingPermission[];
  undetermined: UndeterminedPermission[];
  /** Ids of assignments with an ABAC condition: ajar cannot evaluate them, so they grant nothing. */
  ignoredConditional: string[];
  /** Ids of assignments below or beside the scope, which the source should not have returned. */
  ignoredOutOfScope: string[];
  /** For each required action, the role names that grant it (empty when none). */
  grantedBy: Record<string, string[]>;
}
