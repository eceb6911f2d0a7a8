import type { DenyAssignmentRecord, RoleAssignmentRecord, RoleDefinitionRecord } from "../state/model.js";
import { normalizeScope, subscriptionOfScope } from "../state/scopes.js";

/** Field names follow @azure/arm-authorization's mappers (api-version 2022-04-01). */

const scopePrefix = (scope: string): string => (normalizeScope(scope) === "/" ? "" : normalizeScope(scope));

/**
 * ARM reports role definition ids in the subscription of the scope they are seen from; a custom
 * role defined in a management group keeps that group in its id.
 */
export const roleDefinitionIdFor = (scope: string, guid: string, managementGroup?: string): string => {
  if (managementGroup !== undefined)
    return `/providers/Microsoft.Management/managementGroups/${managementGroup}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
  const sub = subscriptionOfScope(scope);
  return sub
    ? `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${guid}`
    : `/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
};

export const roleAssignmentJson = (a: RoleAssignmentRecord) => ({
  id: `${scopePrefix(a.scope)}/providers/Microsoft.Authorization/roleAssignments/${a.guid}`,
  name: a.guid,
  type: "Microsoft.Authorization/roleAssignments",
  properties: {
    scope: a.scope,
    roleDefinitionId: roleDefinitionIdFor(a.scope, a.roleDefinitionGuid, a.roleDefinitionManagementGroup),
    principalId: a.principalId,
    principalType: a.principalType,
    ...(a.description === undefined ? {} : { description: a.description }),
    ...(a.condition === undefined ? {} : { condition: a.condition, conditionVersion: a.conditionVersion }),
    createdOn: a.createdOn,
    updatedOn: a.createdOn,
    createdBy: null,
    updatedBy: null,
    delegatedManagedIdentityResourceId: null,
  },
});

export const roleDefinitionJson = (def: RoleDefinitionRecord, seenFrom: string) => ({
  id: roleDefinitionIdFor(seenFrom, def.guid, def.managementGroup),
  name: def.guid,
  type: "Microsoft.Authorization/roleDefinitions",
  properties: {
    roleName: def.roleName,
    type: def.roleType,
    description: def.description,
    assignableScopes: def.assignableScopes,
    permissions: def.permissions,
    createdOn: "2015-02-02T21:55:09.8806423Z",
    updatedOn: "2024-01-01T00:00:00.0000000Z",
  },
});

export const denyAssignmentJson = (d: DenyAssignmentRecord) => ({
  id: `${scopePrefix(d.scope)}/providers/Microsoft.Authorization/denyAssignments/${d.guid}`,
  name: d.guid,
  type: "Microsoft.Authorization/denyAssignments",
  properties: {
    denyAssignmentName: d.name,
    description: d.description,
    permissions: d.permissions,
    scope: d.scope,
    doNotApplyToChildScopes: d.doNotApplyToChildScopes,
    principals: d.principals,
    excludePrincipals: d.excludePrincipals,
    isSystemProtected: true,
  },
});
