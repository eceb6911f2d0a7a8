import { isManagementGroupScope, isScopeAtOrAbove, sameScope, tryParseScope } from "../azure-id/scope.js";

const UNDER_A_SUBSCRIPTION = new Set(["subscription", "resourceGroup", "resource"]);

/**
 * Does an assignment made at `assignmentScope` reach `target`? Lexical ancestry decides, except for
 * management groups: their tree is invisible from a resource id, and ARM's `atScope()` listing
 * only returns management-group assignments that sit above the scope asked about, so those count.
 */
export function assignmentReaches(assignmentScope: string, target: string): boolean {
  if (isScopeAtOrAbove(assignmentScope, target)) return true;
  const kind = tryParseScope(target)?.kind;
  return isManagementGroupScope(assignmentScope) && kind !== undefined && UNDER_A_SUBSCRIPTION.has(kind);
}

/**
 * Same question for a deny assignment, failing closed: a scope that cannot be parsed is assumed to
 * reach the target, since ignoring a deny is the unsafe mistake.
 */
export function denyReaches(denyScope: string, doNotApplyToChildScopes: boolean, target: string): boolean {
  if (tryParseScope(denyScope) === undefined) return true;
  if (doNotApplyToChildScopes) return sameScope(denyScope, target);
  return assignmentReaches(denyScope, target);
}
