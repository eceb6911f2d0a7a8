import { badRequest } from "../http/arm-error.js";

/** The OData-ish `$filter` clauses Microsoft.Authorization understands, joined by `and`. */
export interface RbacFilter {
  atScope: boolean;
  assignedTo?: string;
  principalId?: string;
  roleName?: string;
  type?: string;
  denyAssignmentName?: string;
}

type Clause = keyof RbacFilter;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const PATTERNS: [Clause, RegExp][] = [
  ["atScope", /^atScope\(\)$/i],
  ["assignedTo", /^assignedTo\('([^']*)'\)$/i],
  ["principalId", /^principalId\s+eq\s+'([^']*)'$/i],
  ["roleName", /^roleName\s+eq\s+'([^']*)'$/i],
  ["type", /^type\s+eq\s+'([^']*)'$/i],
  ["denyAssignmentName", /^denyAssignmentName\s+eq\s+'([^']*)'$/i],
];

/** Parses `$filter`, accepting only the clauses the endpoint supports (`allowed`). */
export function parseRbacFilter(filter: string | null, allowed: Clause[]): RbacFilter {
  const result: RbacFilter = { atScope: false };
  if (filter === null || filter.trim() === "") return result;
  for (const raw of filter.trim().split(/\s+and\s+/i)) {
    const clause = raw.trim();
    const hit = PATTERNS.find(([name, re]) => allowed.includes(name) && re.test(clause));
    if (!hit)
      throw badRequest(
        "UnsupportedQuery",
        `The filter '${filter}' is not supported. Supported clauses: ${allowed.join(", ")}.`,
      );
    const [name, re] = hit;
    if (name === "atScope") {
      result.atScope = true;
      continue;
    }
    const value = (re.exec(clause) as RegExpExecArray)[1] as string;
    if ((name === "assignedTo" || name === "principalId") && !GUID.test(value)) {
      throw badRequest("InvalidPrincipalId", `The principal id '${value}' in the filter is not a valid GUID.`);
    }
    result[name] = value;
  }
  return result;
}
