import type {
  DenyAssignmentInfo,
  PermissionSource,
  RoleAssignmentInfo,
  RoleDefinitionInfo,
} from "../../../src/domain/ports/permission-source.port.js";

/** A role that holds every action, like Owner: enough for any policy's required actions. */
export const EVERYTHING_ROLE: RoleDefinitionInfo = {
  id: "/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  roleName: "Owner",
  permissions: [{ actions: ["*"], notActions: [], dataActions: [], notDataActions: [] }],
};

/**
 * Azure RBAC as the permission check reads it. `allow(principal, scope)` assigns the all-actions
 * role there; `refuseReads(error)` makes every read fail, as an unreachable or forbidden ARM does.
 */
export class FakePermissionSource implements PermissionSource {
  private readonly assignments: RoleAssignmentInfo[] = [];
  private readonly denies: DenyAssignmentInfo[] = [];
  private failure: Error | undefined;
  reads = 0;

  allow(principalId: string, scope: string): void {
    this.assignments.push({
      id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${this.assignments.length + 1}`,
      scope,
      roleDefinitionId: EVERYTHING_ROLE.id,
      principalId,
    });
  }

  /** Takes every assignment of the principal away. */
  revoke(principalId: string): void {
    for (let i = this.assignments.length - 1; i >= 0; i--)
      if (this.assignments[i]!.principalId === principalId) this.assignments.splice(i, 1);
  }

  refuseReads(error: Error | undefined): void {
    this.failure = error;
  }

  async listRoleAssignments(_scope: string, principalId: string): Promise<RoleAssignmentInfo[]> {
    this.read();
    return this.assignments.filter((a) => a.principalId.toLowerCase() === principalId.toLowerCase());
  }

  async getRoleDefinition(roleDefinitionId: string): Promise<RoleDefinitionInfo> {
    this.read();
    if (roleDefinitionId.toLowerCase() !== EVERYTHING_ROLE.id.toLowerCase())
      throw new Error(`no role definition ${roleDefinitionId}`);
    return structuredClone(EVERYTHING_ROLE);
  }

  async listDenyAssignments(): Promise<DenyAssignmentInfo[]> {
    this.read();
    return structuredClone(this.denies);
  }

  private read(): void {
    this.reads++;
    if (this.failure) throw this.failure;
  }
}
