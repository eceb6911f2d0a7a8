import { ApiError } from "./api-error.js";
import { methodTable } from "./methods/index.js";
import type { ParsedRequest } from "./request-body.js";
import type { SimState } from "./sim-state.js";
import type { JsonObject } from "./types.js";

export interface HttpAnswer {
  status: number;
  body: JsonObject;
  headers: Record<string, string>;
}

/**
 * Answers one Web API call the way Slack does: HTTP 200 with `ok: false` for every platform error
 * (bad token included), 429 only for rate limits, and the bot's scopes in x-oauth-scopes.
 */
export function answerApiCall(method: string, request: ParsedRequest, state: SimState): HttpAnswer {
  const { config } = state;
  const handler = Object.hasOwn(methodTable, method) ? methodTable[method] : undefined;
  if (handler === undefined) return platformError({ error: "unknown_method", req_method: method });
  if (request.malformed) return platformError({ error: "invalid_json" });
  if (request.token === undefined) return platformError({ error: "not_authed" });
  if (request.token !== config.botToken) return platformError({ error: "invalid_auth" });

  const scopeHeaders = { "x-oauth-scopes": config.scopes.join(",") };
  const fault = state.faults.take(method);
  if (fault !== undefined) return { ...fault, headers: { ...scopeHeaders, ...fault.headers } };
  try {
    const result = handler({ args: request.params, state, config });
    return { status: 200, body: { ok: true, ...result }, headers: scopeHeaders };
  } catch (error) {
    if (error instanceof ApiError) {
      return { status: 200, body: { ok: false, error: error.error, ...error.extra }, headers: scopeHeaders };
    }
    // A bug in the simulator must not look like a Slack answer the app could handle.
    const detail = error instanceof Error ? error.message : String(error);
    return { status: 500, body: { ok: false, error: "simulator_internal_error", detail }, headers: {} };
  }
}

function platformError(body: JsonObject): HttpAnswer {
  return { status: 200, body: { ok: false, ...body }, headers: {} };
}
