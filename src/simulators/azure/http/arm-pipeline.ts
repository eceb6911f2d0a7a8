import { randomUUID } from "node:crypto";

import type { InjectedFault } from "../engine/faults.js";
import { outcomeOf, ruleTargetOf, type WriteLogEntry } from "../engine/logs.js";
import type { SimEngine } from "../engine/sim-engine.js";
import { armRoutes } from "../routes/arm-routes.js";
import { ArmHttpError } from "./arm-error.js";
import type { RequestContext, SimResponse } from "./context.js";
import { checkAuthorization, throttleWrites } from "./guards.js";
import { findRoute } from "./router.js";

export interface ArmRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** Raw body text; parsed here so malformed JSON gets ARM's error. */
  bodyText: string;
}

export type ArmOutcome = { kind: "response"; response: SimResponse } | { kind: "drop" } | { kind: "hang" };

const WRITE_METHODS = new Set(["PUT", "DELETE", "PATCH", "POST"]);

const DEFAULT_FAULT_CODES: Record<number, string> = {
  429: "TooManyRequests",
  500: "InternalServerError",
  502: "BadGateway",
  503: "ServiceUnavailable",
  504: "GatewayTimeout",
};

function faultResponse(engine: SimEngine, fault: InjectedFault & { status: number }): SimResponse {
  const headers: Record<string, string> = {};
  if (fault.status === 429 || fault.status === 503)
    headers["Retry-After"] = String(fault.retryAfterSeconds ?? engine.settings.retryAfterSeconds ?? 1);
  const code = fault.code ?? DEFAULT_FAULT_CODES[fault.status] ?? "InjectedFault";
  return {
    status: fault.status,
    headers,
    body: { error: { code, message: fault.message ?? `Injected fault: ${code}.` } },
  };
}

function parseBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ArmHttpError(
      400,
      "InvalidRequestContent",
      "The request content was invalid and could not be deserialized.",
    );
  }
}

function route(engine: SimEngine, req: ArmRequest, ctx: RequestContext): SimResponse {
  if (!req.query.has("api-version")) {
    throw new ArmHttpError(
      400,
      "MissingApiVersionParameter",
      "The api-version query parameter (?api-version=) is required for all requests.",
    );
  }
  const segments = req.path.split("/").filter(Boolean).map(decodeURIComponent);
  const found = findRoute(armRoutes, req.method, segments);
  if (found === "methodMismatch")
    throw new ArmHttpError(
      405,
      "MethodNotAllowed",
      `The requested method '${req.method}' is not allowed for '${req.path}'.`,
    );
  if (!found)
    throw new ArmHttpError(404, "InvalidResourceType", `The simulator does not serve ${req.method} ${req.path}.`);
  ctx.params = found.params;
  ctx.body = parseBody(req.bodyText);
  return found.route.handler(ctx);
}

/** Everything between the socket and a handler: faults, auth, throttling, routing, errors, logs. */
export function handleArmRequest(engine: SimEngine, req: ArmRequest): ArmOutcome {
  engine.settle();
  const ctx: RequestContext = {
    engine,
    method: req.method,
    path: req.path,
    query: req.query,
    headers: req.headers,
    body: undefined,
    params: {},
    note: {},
  };
  const fault = engine.faults.pick(req.method, req.path);
  let outcome: ArmOutcome;
  if (fault && typeof fault.status !== "number") {
    outcome = { kind: fault.status };
  } else if (fault && typeof fault.status === "number") {
    outcome = { kind: "response", response: faultResponse(engine, { ...fault, status: fault.status }) };
  } else {
    let response: SimResponse;
    try {
      checkAuthorization(engine, req.headers["authorization"]);
      const writeHeaders = WRITE_METHODS.has(req.method) ? throttleWrites(engine, req.path) : {};
      response = route(engine, req, ctx);
      response = { ...response, headers: { ...writeHeaders, ...response.headers } };
    } catch (error) {
      if (!(error instanceof ArmHttpError)) throw error;
      response = { status: error.status, body: error.toBody(), headers: error.headers };
    }
    outcome = { kind: "response", response };
  }
  const requestId = randomUUID();
  if (outcome.kind === "response") {
    outcome.response.headers = {
      "x-ms-request-id": requestId,
      "x-ms-correlation-request-id": requestId,
      ...outcome.response.headers,
    };
  }
  record(engine, req, ctx, outcome, fault !== undefined);
  return outcome;
}

function record(engine: SimEngine, req: ArmRequest, ctx: RequestContext, outcome: ArmOutcome, injected: boolean): void {
  const status = outcome.kind === "response" ? outcome.response.status : outcome.kind === "drop" ? "dropped" : "hang";
  const body =
    outcome.kind === "response" ? (outcome.response.body as { error?: { code?: string } } | undefined) : undefined;
  const errorCode = body?.error?.code;
  const atMs = engine.now();
  const at = new Date(atMs).toISOString();
  engine.requestLog.push({
    seq: engine.nextSeq(),
    at,
    method: req.method,
    path: req.path,
    status,
    ...(errorCode ? { errorCode } : {}),
  });
  if (!WRITE_METHODS.has(req.method)) return;
  const op = ctx.note.operation;
  const entry: WriteLogEntry = {
    seq: engine.nextSeq(),
    at,
    atMs,
    source: "arm",
    method: req.method,
    path: req.path,
    ...ruleTargetOf(req.path),
    ...(ctx.note.rule ? { rule: structuredClone(ctx.note.rule) } : {}),
    ...(ctx.note.ruleCount === undefined ? {} : { ruleCount: ctx.note.ruleCount }),
    status,
    outcome: injected ? "fault" : outcomeOf(status, errorCode),
    ...(errorCode ? { errorCode } : {}),
    ...(op ? { operationId: op.id, operationStatus: op.status } : {}),
  };
  engine.writeLog.push(entry);
  if (op) op.onSettled = (s) => (entry.operationStatus = s);
}
