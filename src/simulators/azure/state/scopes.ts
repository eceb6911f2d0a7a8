import type { SimState } from "./model.js";

/** ARM scopes compare case-insensitively; `/` is the tenant root and sits above everything. */
export function normalizeScope(scope: string): string {
  const collapsed = `/${scope.split("/").filter(Boolean).join("/")}`;
  return collapsed;
}

/** True when `candidate` is `scope` itself or one of its ancestors. */
export function isAtOrAbove(candidate: string, scope: string): boolean {
  const c = normalizeScope(candidate).toLowerCase();
  const s = normalizeScope(scope).toLowerCase();
  return c === "/" || c === s || s.startsWith(`${c}/`);
}

/** True when `candidate` lies strictly below `scope`. */
export function isBelow(candidate: string, scope: string): boolean {
  const c = normalizeScope(candidate).toLowerCase();
  const s = normalizeScope(scope).toLowerCase();
  return c !== s && (s === "/" || c.startsWith(`${s}/`));
}

/** The subscription id in a scope, if the scope is inside a subscription. */
export function subscriptionOfScope(scope: string): string | undefined {
  const parts = normalizeScope(scope).split("/").filter(Boolean);
  return parts[0]?.toLowerCase() === "subscriptions" ? parts[1] : undefined;
}

const MG_PREFIX = "/providers/microsoft.management/managementgroups/";

/** The management group a scope names, lower-cased; undefined for any other scope. */
export function managementGroupOfScope(scope: string): string | undefined {
  const s = normalizeScope(scope).toLowerCase();
  if (!s.startsWith(MG_PREFIX)) return undefined;
  const name = s.slice(MG_PREFIX.length);
  return name !== "" && !name.includes("/") ? name : undefined;
}

/** Groups above a scope, nearest first: the group holding its subscription (or the group itself) and that group's parents. */
export function managementGroupsAbove(state: SimState, scope: string): string[] {
  let current = managementGroupOfScope(scope);
  if (current === undefined) {
    const sub = subscriptionOfScope(scope)?.toLowerCase();
    current =
      sub === undefined
        ? undefined
        : [...state.managementGroups.entries()].find(([, g]) => g.subscriptionIds.includes(sub))?.[0];
  }
  const chain: string[] = [];
  while (current !== undefined && !chain.includes(current)) {
    chain.push(current);
    const parent = state.managementGroups.get(current)?.parent;
    current = parent === undefined ? undefined : parent.toLowerCase();
  }
  return chain;
}

/** isAtOrAbove, with the management group tree: a group sits above its subscriptions and child groups. */
export function reachesScope(state: SimState, candidate: string, scope: string): boolean {
  const group = managementGroupOfScope(candidate);
  if (group === undefined) return isAtOrAbove(candidate, scope);
  return managementGroupsAbove(state, scope).includes(group);
}

/** isBelow, with the management group tree. */
export function isBelowIn(state: SimState, candidate: string, scope: string): boolean {
  return (
    normalizeScope(candidate).toLowerCase() !== normalizeScope(scope).toLowerCase() &&
    reachesScope(state, scope, candidate)
  );
}
