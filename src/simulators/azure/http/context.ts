import type { LroOperation } from "../engine/operations.js";
import type { SimEngine } from "../engine/sim-engine.js";
import type { RuleProperties } from "../state/model.js";

export interface RequestContext {
  engine: SimEngine;
  method: string;
  /** Normalized path (duplicate slashes collapsed), without the query. */
  path: string;
  query: URLSearchParams;
  /** Raw request headers, lower-cased names (for If-Match and friends). */
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  params: Record<string, string>;
  /** Filled by handlers so the write log can say what was written and which operation it started. */
  note: { rule?: RuleProperties; operation?: LroOperation; ruleCount?: number };
}

export interface SimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: RequestContext) => SimResponse;

export interface Route {
  method: string;
  /** Segments; `{name}` captures one segment, a leading `{*scope}` captures any prefix (RBAC scopes). */
  pattern: string[];
  handler: Handler;
}

export const route = (method: string, pattern: string, handler: Handler): Route => ({
  method,
  pattern: pattern.split("/").filter(Boolean),
  handler,
});

export const ok = (body: unknown, status = 200, headers?: Record<string, string>): SimResponse => ({
  status,
  body,
  ...(headers ? { headers } : {}),
});
