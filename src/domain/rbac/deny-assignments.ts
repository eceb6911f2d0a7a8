import type { DenyAssignmentInfo } from "../ports/permission-source.port.js";
import { patternCovers, patternsOverlap } from "./action-pattern.js";
import { denyReaches } from "./scope-applies.js";

/** Deny assignments use the all-zero object id for "every principal". */
export const EVERYONE_PRINCIPAL_ID = "00000000-0000-0000-0000-000000000000";

export interface PrincipalIdentity {
  id: string;
  /** Every group the principal is in, transitively; undefined when membership is unknown. */
  groupIds?: string[];
  /**
   * Groups the principal is known to be in, without claiming these are all (e.g. the groups that
   * hold its role assignments, which ARM's assignedTo() found through membership).
   */
  someGroupIds?: string[];
}

/** "may-apply": the answer hinges on group membership ajar was not given. */
export type DenyApplicability = "applies" | "may-apply" | "does-not-apply";

export function denyApplicability(
  deny: DenyAssignmentInfo,
  principal: PrincipalIdentity,
  target: string,
): DenyApplicability {
  if (!denyReaches(deny.scope, deny.doNotApplyToChildScopes, target)) return "does-not-apply";
  const own = new Set(
    [principal.id, ...(principal.groupIds ?? []), ...(principal.someGroupIds ?? [])].map((id) => id.toLowerCase()),
  );
  const membershipKnown = principal.groupIds !== undefined;
  const principals = deny.principalIds.map((id) => id.toLowerCase());
  const excluded = deny.excludePrincipalIds.map((id) => id.toLowerCase());

  if (excluded.some((id) => own.has(id))) return "does-not-apply";
  const included = principals.some((id) => id === EVERYONE_PRINCIPAL_ID || own.has(id));
  // Without membership, any other id listed might be a group the principal belongs to, unless ARM
  // told us it is a user or service principal (which contain nobody else).
  const types = Object.fromEntries(
    Object.entries(deny.principalTypes ?? {}).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()]),
  );
  const mightContain = (id: string): boolean =>
    !own.has(id) && id !== EVERYONE_PRINCIPAL_ID && (types[id] === undefined || types[id] === "group");
  const mayBeIncluded = !membershipKnown && principals.some(mightContain);
  const mayBeExcluded = !membershipKnown && excluded.some(mightContain);

  if (included) return mayBeExcluded ? "may-apply" : "applies";
  return mayBeIncluded ? "may-apply" : "does-not-apply";
}

/**
 * Does the deny block the (possibly wildcard) required action? Fails closed: any overlap with the
 * deny's actions counts, and its notActions only lift the deny when they cover the whole requirement.
 */
export function denyBlocks(deny: DenyAssignmentInfo, requiredAction: string): boolean {
  return deny.permissions.some(
    (block) =>
      block.actions.some((pattern) => patternsOverlap(pattern, requiredAction)) &&
      !block.notActions.some((pattern) => patternCovers(pattern, requiredAction)),
  );
}
