import { AjarError } from "../errors.js";
import { checkPermissions, type CheckPermissionsDeps } from "./check-permissions.js";
import type { PermissionDecision } from "./permission-decision.js";
import { scopeForVm, type RequiredAction } from "./required-actions.js";

/**
 * Checks each required action at its own scope, as Defender for Cloud does: one RBAC read per
 * distinct scope, merged into one decision about the VM. Every per-scope check must allow.
 */
export async function checkRequiredActions(
  deps: CheckPermissionsDeps,
  principalId: string,
  vmId: string,
  required: readonly RequiredAction[],
  signal?: AbortSignal,
): Promise<PermissionDecision> {
  const byScope = new Map<string, string[]>();
  for (const { action, scope } of required) {
    const target = scopeForVm(vmId, scope);
    if (target === undefined)
      throw new AjarError("INPUT.INVALID", `"${vmId}" is not a VM id, so ajar cannot check Azure permissions on it.`);
    byScope.set(target, [...(byScope.get(target) ?? []), action]);
  }
  const decisions = await Promise.all(
    [...byScope].map(([scope, actions]) => checkPermissions(deps, principalId, scope, actions, signal)),
  );
  return mergeDecisions(vmId, decisions);
}

export function mergeDecisions(scope: string, decisions: PermissionDecision[]): PermissionDecision {
  const unique = (items: string[]): string[] => [...new Set(items)];
  return {
    allowed: decisions.every((d) => d.allowed),
    scope,
    missing: decisions.flatMap((d) => d.missing),
    undetermined: decisions.flatMap((d) => d.undetermined),
    ignoredConditional: unique(decisions.flatMap((d) => d.ignoredConditional)),
    ignoredOutOfScope: unique(decisions.flatMap((d) => d.ignoredOutOfScope)),
    grantedBy: Object.assign({}, ...decisions.map((d) => d.grantedBy)) as Record<string, string[]>,
  };
}
