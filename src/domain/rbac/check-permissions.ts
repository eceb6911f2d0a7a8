import { AjarError, isAjarError } from "../errors.js";
import type { PermissionSource, RoleAssignmentInfo, RoleDefinitionInfo } from "../ports/permission-source.port.js";
import { evaluatePermissions, isConditional } from "./evaluate-permissions.js";
import type { PermissionDecision } from "./permission-decision.js";
import type { RoleDefinitionCache } from "./role-definition-cache.js";
import { assignmentReaches } from "./scope-applies.js";

export interface CheckPermissionsDeps {
  source: PermissionSource;
  definitionCache: RoleDefinitionCache;
  /**
   * Transitive group ids of a principal. Optional: without it, deny assignments that name groups
   * (or exclude them) come back undetermined rather than guessed. It may answer undefined for a
   * principal whose membership it cannot read (e.g. not a user), with the same effect.
   */
  listGroupIds?: (principalId: string, signal?: AbortSignal) => Promise<string[] | undefined>;
}

/**
 * Reads what RBAC data the decision needs and evaluates it. Any failure to read is an
 * RBAC.UNDETERMINED error: a permission check that could not run must never look like a "yes".
 */
export async function checkPermissions(
  deps: CheckPermissionsDeps,
  principalId: string,
  scope: string,
  requiredActions: readonly string[],
  signal?: AbortSignal,
): Promise<PermissionDecision> {
  try {
    const [assignments, denyAssignments, principalGroupIds] = await Promise.all([
      deps.source.listRoleAssignments(scope, principalId, signal),
      deps.source.listDenyAssignments(scope, signal),
      deps.listGroupIds?.(principalId, signal),
    ]);
    const definitions = await loadDefinitions(deps, needed(assignments, scope), signal);
    return evaluatePermissions({
      principalId,
      scope,
      requiredActions,
      assignments,
      definitions,
      denyAssignments,
      ...(principalGroupIds ? { principalGroupIds } : {}),
      // assignedTo() returns assignments to the principal's groups too: those groups are known facts.
      someGroupIds: [...new Set(assignments.map((a) => a.principalId).filter((id) => id.toLowerCase() !== principalId.toLowerCase()))],
    });
  } catch (error) {
    throw new AjarError(
      "RBAC.UNDETERMINED",
      `ajar could not check your Azure permissions on ${scope} just now. Try again in a minute; if it keeps ` +
        "failing, ask an ajar operator to check that its identity can read role and deny assignments there.",
      // A transient cause stays retryable; an error the adapter did not classify is retried too,
      // since reading RBAC again is harmless.
      { retryable: isAjarError(error) ? error.retryable : true, cause: error },
    );
  }
}

/** Only definitions that can matter: conditional and out-of-scope assignments grant nothing. */
function needed(assignments: RoleAssignmentInfo[], scope: string): string[] {
  const ids = new Map<string, string>();
  for (const a of assignments) {
    if (!isConditional(a) && assignmentReaches(a.scope, scope)) ids.set(a.roleDefinitionId.toLowerCase(), a.roleDefinitionId);
  }
  return [...ids.values()];
}

async function loadDefinitions(
  deps: CheckPermissionsDeps,
  ids: string[],
  signal?: AbortSignal,
): Promise<Map<string, RoleDefinitionInfo>> {
  const load = (id: string): Promise<RoleDefinitionInfo> => deps.source.getRoleDefinition(id);
  const loaded = await Promise.all(ids.map(async (id) => [id.toLowerCase(), await deps.definitionCache.get(id, load, signal)] as const));
  return new Map(loaded);
}
