import type { Route } from "./context.js";

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

function matchFixed(pattern: string[], segments: string[], params: Record<string, string>): boolean {
  if (pattern.length !== segments.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const s = segments[i] as string;
    if (p.startsWith("{") && p.endsWith("}")) params[p.slice(1, -1)] = s;
    else if (p.toLowerCase() !== s.toLowerCase()) return false;
  }
  return true;
}

/** Matches a path against one route; literal segments compare case-insensitively, as ARM does. */
export function matchRoute(route: Route, segments: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  const [first, ...rest] = route.pattern;
  if (first === "{*scope}") {
    if (segments.length < rest.length) return undefined;
    const split = segments.length - rest.length;
    if (!matchFixed(rest, segments.slice(split), params)) return undefined;
    params["scope"] = `/${segments.slice(0, split).join("/")}`;
    return params;
  }
  return matchFixed(route.pattern, segments, params) ? params : undefined;
}

/** Finds the route for a request; `methodMismatch` when the path exists under another method. */
export function findRoute(
  routes: Route[],
  method: string,
  segments: string[],
): RouteMatch | "methodMismatch" | undefined {
  let pathExists = false;
  for (const route of routes) {
    const params = matchRoute(route, segments);
    if (!params) continue;
    if (route.method === method) return { route, params };
    pathExists = true;
  }
  return pathExists ? "methodMismatch" : undefined;
}
