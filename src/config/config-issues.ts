import type { z } from "zod";

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let cur: unknown = raw;
  for (const key of path) cur = cur && typeof cur === "object" ? (cur as Record<PropertyKey, unknown>)[key] : undefined;
  return cur;
}

/** Schema problems one per line, each naming the key, the value found there and what was expected. */
export function formatIssues(issues: z.core.$ZodIssue[], raw: unknown): string {
  return issues
    .map((issue) => {
      const key =
        issue.path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i > 0 ? "." : ""}${String(p)}`)).join("") ||
        "(top level)";
      const value = valueAt(raw, issue.path);
      const shown = value === undefined ? "missing" : JSON.stringify(value)?.slice(0, 80);
      return `  ${key}: ${shown} — expected ${issue.message}`;
    })
    .join("\n");
}
