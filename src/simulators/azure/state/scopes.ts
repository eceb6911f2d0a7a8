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
