import type { PermissionBlock, RoleAssignmentInfo, RoleDefinitionInfo } from "../ports/permission-source.port.js";
import { patternCovers, patternsOverlap } from "./action-pattern.js";
import { denyApplicability, denyBlocks } from "./deny-assignments.js";
import type {
  DenyAssignmentRef,
  MissingPermission,
  PermissionDecision,
  PermissionQuery,
  UndeterminedPermission,
} from "./permission-decision.js";
import { assignmentReaches } from "./scope-applies.js";

/**
 * Azure's RBAC rule, evaluated without I/O: an action is allowed when some permission block of some
 * counted role grants it (its actions cover it and none of the same block's notActions could touch
 * it) and no applicable deny assignment blocks it. Whatever cannot be evaluated fails closed.
 */
export function evaluatePermissions(query: PermissionQuery): PermissionDecision {
  const definitions = new Map([...query.definitions].map(([id, def]) => [id.toLowerCase(), def] as const));
  const ignoredConditional: string[] = [];
  const ignoredOutOfScope: string[] = [];
  const roles: RoleDefinitionInfo[] = [];
  const unavailable = new Set<string>();

  for (const assignment of query.assignments) {
    if (!assignmentReaches(assignment.scope, query.scope)) {
      ignoredOutOfScope.push(assignment.id);
    } else if (isConditional(assignment)) {
      ignoredConditional.push(assignment.id);
    } else {
      const definition = definitions.get(assignment.roleDefinitionId.toLowerCase());
      if (definition === undefined) unavailable.add(assignment.roleDefinitionId);
      else roles.push(definition);
    }
  }

  const principal = {
    id: query.principalId,
    ...(query.principalGroupIds ? { groupIds: query.principalGroupIds } : {}),
    ...(query.someGroupIds ? { someGroupIds: query.someGroupIds } : {}),
  };
  const denies = query.denyAssignments
    .map((deny) => ({ deny, applicability: denyApplicability(deny, principal, query.scope) }))
    .filter((d) => d.applicability !== "does-not-apply");

  const missing: MissingPermission[] = [];
  const undetermined: UndeterminedPermission[] = [];
  const grantedBy: Record<string, string[]> = {};

  for (const action of query.requiredActions) {
    const grantors = [
      ...new Set(roles.filter((role) => role.permissions.some((b) => blockGrants(b, action))).map((r) => r.roleName)),
    ];
    grantedBy[action] = grantors;
    const blocking = denies.filter((d) => denyBlocks(d.deny, action));
    const certain = blocking.find((d) => d.applicability === "applies");
    const possible = blocking.find((d) => d.applicability === "may-apply");
    const scope = query.scope;

    if (certain !== undefined) {
      missing.push({ action, scope, reason: "denied", denyAssignment: refOf(certain.deny) });
    } else if (grantors.length === 0 && unavailable.size > 0) {
      // The unreadable role might have granted it: neither yes nor no.
      undetermined.push({ action, scope, reason: "role-definition-unavailable", roleDefinitionIds: [...unavailable] });
    } else if (grantors.length === 0) {
      missing.push({ action, scope, reason: "not-granted" });
    } else if (possible !== undefined) {
      undetermined.push({ action, scope, reason: "deny-membership-unknown", denyAssignment: refOf(possible.deny) });
    }
  }

  return {
    allowed: missing.length === 0 && undetermined.length === 0,
    scope: query.scope,
    missing,
    undetermined,
    ignoredConditional,
    ignoredOutOfScope,
    grantedBy,
  };
}

/** notActions only carve out of the same block: they are not a deny, another block may grant. */
function blockGrants(block: PermissionBlock, action: string): boolean {
  return (
    block.actions.some((pattern) => patternCovers(pattern, action)) &&
    !block.notActions.some((pattern) => patternsOverlap(pattern, action))
  );
}

/** An ABAC condition ajar cannot evaluate; such an assignment grants nothing here. */
export function isConditional(assignment: RoleAssignmentInfo): boolean {
  return assignment.condition !== undefined && assignment.condition.trim() !== "";
}

function refOf(deny: { id: string; name?: string; scope: string }): DenyAssignmentRef {
  return { id: deny.id, scope: deny.scope, ...(deny.name ? { name: deny.name } : {}) };
}
