export { actionMatches, patternCovers, patternsOverlap } from "./action-pattern.js";
export { checkPermissions, type CheckPermissionsDeps } from "./check-permissions.js";
export {
  denyApplicability,
  denyBlocks,
  EVERYONE_PRINCIPAL_ID,
  type DenyApplicability,
  type PrincipalIdentity,
} from "./deny-assignments.js";
export { describeDecision } from "./describe-decision.js";
export { evaluatePermissions } from "./evaluate-permissions.js";
export type * from "./permission-decision.js";
export { checkRequiredActions, mergeDecisions } from "./check-required-actions.js";
export {
  type ActionScope,
  DEFAULT_REQUIRED_ACTIONS,
  DEFAULT_SCOPED_ACTIONS,
  defaultScopeFor,
  type RequiredAction,
  scopeForVm,
  toRequiredAction,
} from "./required-actions.js";
export {
  createRoleDefinitionCache,
  type RoleDefinitionCache,
  type RoleDefinitionCacheOptions,
} from "./role-definition-cache.js";
export { assignmentReaches, denyReaches } from "./scope-applies.js";
