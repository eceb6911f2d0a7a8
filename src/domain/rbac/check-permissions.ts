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
    const { definitions, failures } = await loadDefinitions(deps, needed(assignments, scope), signal);
    const decision = evaluatePermissions({
      principalId,
      scope,
      requiredActions,
      assignments,
      definitions,
      denyAssignments,
      ...(principalGroupIds ? { principalGroupIds } : {}),
      // assignedTo() returns assignments to the principal's groups too: those groups are known facts.
      someGroupIds: [
        ...new Set(
          assignments.map((a) => a.principalId).filter((id) => id.toLowerCase() !== principalId.toLowerCase()),
        ),
      ],
    });
    // An unreadable definition leaves the answer open only when nothing else already says no:
    // other roles may suffice (allowed), or a definite refusal stands on its own.
    const onlyUnreadable =
      !decision.allowed &&
      decision.missing.length === 0 &&
      decision.undetermined.some((u) => u.reason === "role-definition-unavailable");
    if (onlyUnreadable && failures[0] !== undefined) throw failures[0];
    return decision;
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
    if (!isConditional(a) && assignmentReaches(a.scope, scope))
      ids.set(a.roleDefinitionId.toLowerCase(), a.roleDefinitionId);
  }
  return [...ids.values()];
}

/**
 * Each definition is read on its own: one that cannot be read is left out of the map (the
 * evaluation then treats it as granting nothing it is needed for) instead of sinking the others.
 */
async function loadDefinitions(
  deps: CheckPermissionsDeps,
  ids: string[],
  signal?: AbortSignal,
): Promise<{ definitions: Map<string, RoleDefinitionInfo>; failures: unknown[] }> {
  const load = (id: string): Promise<RoleDefinitionInfo> => deps.source.getRoleDefinition(id);
  const settled = await Promise.allSettled(ids.map((id) => deps.definitionCache.get(id, load, signal)));
  const definitions = new Map<string, RoleDefinitionInfo>();
  const failures: unknown[] = [];
  settled.forEach((result, i) => {
    if (result.status === "fulfilled") definitions.set((ids[i] as string).toLowerCase(), result.value);
    else failures.push(result.reason);
  });
  // An abort is the caller giving up, not an unreadable role.
  if (signal?.aborted) throw signal.reason;
  return { definitions, failures };
}
