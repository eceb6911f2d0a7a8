import type { DenyAssignment, Permission, RoleAssignment, RoleDefinition } from "@azure/arm-authorization";

import type {
  DenyAssignmentInfo,
  PermissionBlock,
  RoleAssignmentInfo,
  RoleDefinitionInfo,
} from "../../domain/ports/permission-source.port.js";

const toBlock = (p: Permission): PermissionBlock => ({
  actions: p.actions ?? [],
  notActions: p.notActions ?? [],
  dataActions: p.dataActions ?? [],
  notDataActions: p.notDataActions ?? [],
});

export const toRoleAssignmentInfo = (a: RoleAssignment): RoleAssignmentInfo => ({
  id: a.id ?? "",
  scope: a.scope ?? "",
  roleDefinitionId: a.roleDefinitionId ?? "",
  principalId: a.principalId ?? "",
  ...(a.condition ? { condition: a.condition } : {}),
});

export const toRoleDefinitionInfo = (d: RoleDefinition): RoleDefinitionInfo => ({
  id: d.id ?? "",
  roleName: d.roleName ?? "",
  permissions: (d.permissions ?? []).map(toBlock),
});

export const toDenyAssignmentInfo = (d: DenyAssignment): DenyAssignmentInfo => ({
  id: d.id ?? "",
  scope: d.scope ?? "",
  ...(d.denyAssignmentName ? { name: d.denyAssignmentName } : {}),
  permissions: (d.permissions ?? []).map(toBlock),
  principalIds: (d.principals ?? []).map((p) => p.id ?? "").filter(Boolean),
  excludePrincipalIds: (d.excludePrincipals ?? []).map((p) => p.id ?? "").filter(Boolean),
  principalTypes: Object.fromEntries(
    [...(d.principals ?? []), ...(d.excludePrincipals ?? [])]
      .filter((p) => p.id && p.type)
      .map((p) => [p.id!, p.type!]),
  ),
  doNotApplyToChildScopes: d.doNotApplyToChildScopes ?? false,
});
