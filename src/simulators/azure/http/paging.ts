import type { RequestContext } from "./context.js";

/**
 * ARM list answers: `{ value, nextLink }`. The continuation is an offset in `$skipToken`; the rest of
 * the original query (api-version, $filter) is kept so the SDK's `*Next` calls reproduce the request.
 */
export function paged<T>(ctx: RequestContext, items: T[]): { value: T[]; nextLink?: string } {
  const size = Math.max(1, ctx.engine.settings.pageSize);
  const offset = Number(ctx.query.get("$skipToken") ?? "0") || 0;
  const value = items.slice(offset, offset + size);
  if (offset + size >= items.length) return { value };
  const query = new URLSearchParams(ctx.query);
  query.set("$skipToken", String(offset + size));
  return { value, nextLink: `${ctx.engine.baseUrl}${ctx.path}?${query.toString().replace(/\+/g, "%20")}` };
}
