import { AjarError } from "../errors.js";

/**
 * RBAC scopes: "/", management groups, subscriptions, resource groups and resources (including
 * nested and extension resources). ARM ids are case-insensitive, so every comparison lower-cases.
 */
export type ScopeKind = "root" | "managementGroup" | "subscription" | "resourceGroup" | "resource";

export interface ParsedScope {
  kind: ScopeKind;
  /** The scope itself first, then each parent, ending with "/"; in the input's casing. */
  ancestors: string[];
}

const eq = (a: string | undefined, b: string): boolean => a !== undefined && a.toLowerCase() === b.toLowerCase();

/** Splits an id into segments; undefined for anything that is not a clean absolute path. */
export function splitArmPath(id: string): string[] | undefined {
  // Names may contain inner spaces on some resource types; surrounding whitespace is a paste error.
  if (!id.startsWith("/") || id !== id.trim()) return undefined;
  if (id === "/") return [];
  const body = id.endsWith("/") ? id.slice(1, -1) : id.slice(1);
  const segments = body.split("/");
  return segments.includes("") ? undefined : segments;
}

export function tryParseScope(scope: string): ParsedScope | undefined {
  const segments = splitArmPath(scope);
  if (segments === undefined) return undefined;
  if (segments.length === 0) return { kind: "root", ancestors: ["/"] };
  const levels = scopeLevels(segments);
  if (levels === undefined) return undefined;
  const ancestors = levels.map((n) => `/${segments.slice(0, n).join("/")}`).reverse();
  return { kind: kindOf(segments, levels), ancestors: [...ancestors, "/"] };
}

export function parseScope(scope: string): ParsedScope {
  const parsed = tryParseScope(scope);
  if (parsed === undefined) {
    throw new AjarError(
      "INPUT.INVALID",
      `"${scope}" is not an Azure scope. Use "/", /subscriptions/<id>, /subscriptions/<id>/resourceGroups/<name>, or a full resource id.`,
    );
  }
  return parsed;
}

export function isManagementGroupScope(scope: string): boolean {
  return tryParseScope(scope)?.kind === "managementGroup";
}

/** Candidate is the target or one of its ancestors. Malformed input on either side is never "above". */
export function isScopeAtOrAbove(candidate: string, target: string): boolean {
  const c = tryParseScope(candidate);
  const t = tryParseScope(target);
  if (c === undefined || t === undefined) return false;
  const key = canonicalScope(c);
  return t.ancestors.some((a) => a.toLowerCase() === key);
}

export function sameScope(a: string, b: string): boolean {
  const pa = tryParseScope(a);
  const pb = tryParseScope(b);
  return pa !== undefined && pb !== undefined && canonicalScope(pa) === canonicalScope(pb);
}

function canonicalScope(parsed: ParsedScope): string {
  return (parsed.ancestors[0] ?? "/").toLowerCase();
}

/** Segment counts at which a valid scope ends, shortest first; undefined when the shape is wrong. */
function scopeLevels(segments: string[]): number[] | undefined {
  if (eq(segments[0], "providers")) {
    const isGroup =
      segments.length === 4 && eq(segments[1], "Microsoft.Management") && eq(segments[2], "managementGroups");
    return isGroup ? [4] : undefined;
  }
  if (!eq(segments[0], "subscriptions") || segments.length < 2) return undefined;
  const levels = [2];
  let i = 2;
  if (eq(segments[i], "resourceGroups")) {
    if (segments.length < 4) return undefined;
    levels.push(4);
    i = 4;
  }
  // Each "providers/<namespace>" opens a resource (or an extension on the one before it).
  while (i < segments.length) {
    if (!eq(segments[i], "providers") || segments.length < i + 4) return undefined;
    i += 2;
    do {
      if (segments.length < i + 2) return undefined;
      i += 2;
      levels.push(i);
    } while (i < segments.length && !eq(segments[i], "providers"));
  }
  return levels;
}

function kindOf(segments: string[], levels: number[]): ScopeKind {
  if (eq(segments[0], "providers")) return "managementGroup";
  const last = levels[levels.length - 1];
  if (last === 2) return "subscription";
  if (last === 4 && eq(segments[2], "resourceGroups")) return "resourceGroup";
  return "resource";
}
