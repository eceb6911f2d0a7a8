import type { SeedRoleAssignment } from "../seed/seed-schema.js";
import { stableGuid } from "./arm-ids.js";
import type { RoleAssignmentRecord, SimState } from "./model.js";
import { resolvePrincipal, resolveRole } from "./principals.js";

/** Resolves role and principal references of a seed-style assignment; `where` prefixes error messages. */
export function buildRoleAssignment(state: SimState, input: SeedRoleAssignment, where: string): RoleAssignmentRecord {
  const role = resolveRole(state, input.role);
  if (!role) throw new Error(`${where}: unknown role '${input.role}'`);
  const principal = resolvePrincipal(state, input.principal);
  if (!principal) throw new Error(`${where}: unknown principal '${input.principal}'`);
  const scope = input.scope.replace(/\/+$/, "") || "/";
  return {
    guid: (input.id ?? stableGuid("assignment", scope.toLowerCase(), role.guid, principal.objectId)).toLowerCase(),
    scope,
    roleDefinitionGuid: role.guid,
    ...(role.managementGroup === undefined ? {} : { roleDefinitionManagementGroup: role.managementGroup }),
    principalId: principal.objectId,
    principalType: principal.type,
    createdOn: "2024-01-01T00:00:00.000Z",
    ...(input.description === undefined ? {} : { description: input.description }),
    ...(input.condition === undefined
      ? {}
      : { condition: input.condition, conditionVersion: input.conditionVersion ?? "2.0" }),
  };
}
