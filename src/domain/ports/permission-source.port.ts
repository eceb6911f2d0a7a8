/**
 * Azure RBAC data the permission evaluation needs, in the domain's own shapes. The Azure adapter
 * fills these from @azure/arm-authorization.
 */

export interface RoleAssignmentInfo {
  id: string;
  /** Scope the assignment was made at (a subscription, resource group or resource id, or "/"). */
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  /** ABAC condition; assignments with one cannot be evaluated here and never count. */
  condition?: string;
}

export interface PermissionBlock {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

export interface RoleDefinitionInfo {
  id: string;
  roleName: string;
  permissions: PermissionBlock[];
}

export interface DenyAssignmentInfo {
  id: string;
  scope: string;
  name?: string;
  permissions: PermissionBlock[];
  /** Object ids; the all-zero GUID means everyone. */
  principalIds: string[];
  excludePrincipalIds: string[];
  /**
   * ARM's principal type per listed id ("User", "Group", "ServicePrincipal", …), where known. Only
   * groups can contain someone else, so a user or service principal other than the requester can
   * be ruled out without knowing group membership.
   */
  principalTypes?: Record<string, string>;
  doNotApplyToChildScopes: boolean;
}

export interface PermissionSource {
  /** Assignments at `scope` and above that apply to the principal, including through its groups (`atScope() and assignedTo(id)`). */
  listRoleAssignments(scope: string, principalId: string, signal?: AbortSignal): Promise<RoleAssignmentInfo[]>;
  getRoleDefinition(roleDefinitionId: string, signal?: AbortSignal): Promise<RoleDefinitionInfo>;
  /** Deny assignments at `scope` and above. */
  listDenyAssignments(scope: string, signal?: AbortSignal): Promise<DenyAssignmentInfo[]>;
}
