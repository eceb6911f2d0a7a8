import type { Policy } from "../../domain/policy/policy.js";
import { checkRequiredActions, DEFAULT_SCOPED_ACTIONS, type PermissionDecision } from "../../domain/rbac/index.js";
import type { Deps } from "../deps.js";

/**
 * Whether the requester holds the policy's required Azure actions for the VM, each at its own scope.
 * With Entra ID the requester's transitive groups are known, so deny assignments on groups are judged
 * exactly. The same check serves the request, the opening and every extension.
 */
export function checkRequesterRbac(
  deps: Pick<Deps, "permissions" | "roleCache" | "entra">,
  objectId: string,
  vmId: string,
  policy: Policy,
  signal?: AbortSignal,
): Promise<PermissionDecision> {
  return checkRequiredActions(
    {
      source: deps.permissions,
      definitionCache: deps.roleCache,
      ...(deps.entra ? { listGroupIds: deps.entra.groupIdsOf.bind(deps.entra) } : {}),
    },
    objectId,
    vmId,
    policy.requiredActions.length > 0 ? policy.requiredActions : DEFAULT_SCOPED_ACTIONS,
    signal,
  );
}
