export {
  formatResourceId,
  isVmResourceId,
  parseResourceId,
  parseVmResourceId,
  tryParseResourceId,
  vmIdOf,
  type ResourceId,
} from "./resource-id.js";
export {
  isManagementGroupScope,
  isScopeAtOrAbove,
  parseScope,
  sameScope,
  scopeAncestors,
  tryParseScope,
  type ParsedScope,
  type ScopeKind,
} from "./scope.js";
export { validateVmName } from "./vm-name.js";
