import type { LroOperation } from "../engine/operations.js";
import { ArmHttpError } from "../http/arm-error.js";
import { ok, route, type RequestContext, type Route } from "../http/context.js";

const BASE = "/subscriptions/{sub}/providers/Microsoft.Network/locations/{location}";

function operationOf(ctx: RequestContext): LroOperation {
  const op = ctx.engine.operations.get(ctx.params["id"] as string);
  if (!op || op.subscriptionId.toLowerCase() !== (ctx.params["sub"] as string).toLowerCase()) {
    throw new ArmHttpError(404, "OperationNotFound", `Operation ${ctx.params["id"] as string} was not found.`);
  }
  return op;
}

const pollHeaders = (ctx: RequestContext): Record<string, string> => {
  const seconds = ctx.engine.settings.pollRetryAfterSeconds;
  return seconds === undefined ? {} : { "Retry-After": String(seconds) };
};

export const operationRoutes: Route[] = [
  // Azure-AsyncOperation: always 200; the status field tells the poller where the operation is.
  route("GET", `${BASE}/operations/{id}`, (ctx) => {
    const op = operationOf(ctx);
    const body = {
      id: `/subscriptions/${op.subscriptionId}/providers/Microsoft.Network/locations/${op.location}/operations/${op.id}`,
      name: op.id,
      status: op.status,
      startTime: new Date(op.startedAt).toISOString(),
      ...(op.endedAt === undefined ? {} : { endTime: new Date(op.endedAt).toISOString() }),
      ...(op.status === "Failed" && op.failWith ? { error: op.failWith } : {}),
      ...(op.status === "Canceled" && op.cancelError ? { error: op.cancelError } : {}),
    };
    return ok(body, 200, op.status === "InProgress" ? pollHeaders(ctx) : {});
  }),
  // Location: 202 while running, 204 when done, the error itself when the operation failed.
  route("GET", `${BASE}/operationResults/{id}`, (ctx) => {
    const action = ctx.engine.actionResults.get((ctx.params["id"] as string).toLowerCase());
    if (action && action.subscriptionId.toLowerCase() === (ctx.params["sub"] as string).toLowerCase()) {
      // A POST action: 202 while running, then 200 with its result (what the SDK's final state reads).
      if (ctx.engine.now() < action.readyAt)
        return {
          status: 202,
          headers: { Location: `${ctx.engine.baseUrl}${ctx.path}?api-version=2024-05-01`, ...pollHeaders(ctx) },
        };
      return ok(action.body);
    }
    const op = operationOf(ctx);
    if (op.status === "InProgress")
      return { status: 202, headers: { Location: ctx.engine.operationResultUrl(op), ...pollHeaders(ctx) } };
    if (op.status === "Failed" && op.failWith) throw new ArmHttpError(500, op.failWith.code, op.failWith.message);
    if (op.status === "Canceled" && op.cancelError) {
      throw new ArmHttpError(
        409,
        op.cancelError.code,
        op.cancelError.message,
        op.cancelError.details ? { details: op.cancelError.details } : {},
      );
    }
    return { status: 204 };
  }),
];
