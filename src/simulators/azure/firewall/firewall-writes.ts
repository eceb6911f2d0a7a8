import { ArmHttpError } from "../http/arm-error.js";
import type { RequestContext } from "../http/context.js";
import { newEtag } from "../state/arm-ids.js";
import type { FirewallOperation, FirewallOperationKind } from "./firewall-operations.js";
import { firewallSettingsOf, type FirewallStore } from "./firewall-store.js";

const header = (ctx: RequestContext, name: string): string | undefined => {
  const value = ctx.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * If-Match / If-None-Match as ARM applies them to a PUT or DELETE: `*` means "exists" / "does not
 * exist", any other value must equal the current etag. A miss is 412 PreconditionFailed.
 */
export function checkPreconditions(ctx: RequestContext, currentEtag: string | undefined, resourceId: string): void {
  const ifMatch = header(ctx, "if-match");
  const ifNoneMatch = header(ctx, "if-none-match");
  const fail = (why: string) =>
    new ArmHttpError(
      412,
      "PreconditionFailed",
      `The condition specified using HTTP conditional header(s) is not met for resource ${resourceId}: ${why}.`,
    );
  if (ifMatch !== undefined) {
    if (currentEtag === undefined) throw fail(`If-Match '${ifMatch}' was sent but the resource does not exist`);
    if (ifMatch.trim() !== "*" && ifMatch.trim() !== currentEtag)
      throw fail(`If-Match '${ifMatch}' does not match the current etag '${currentEtag}'`);
  }
  if (ifNoneMatch !== undefined && currentEtag !== undefined) {
    if (ifNoneMatch.trim() === "*" || ifNoneMatch.trim() === currentEtag)
      throw fail(`If-None-Match '${ifNoneMatch}' was sent but the resource exists with etag '${currentEtag}'`);
  }
}

/**
 * A GET with If-Match is answered 412 when the etag differs, as HTTP specifies. ARM documents
 * conditional headers for writes only; the simulator is strict here so that a client which lets its
 * write's If-Match leak into the long-running operation's final GET is caught.
 */
export function checkReadPreconditions(ctx: RequestContext, currentEtag: string, resourceId: string): void {
  const ifMatch = header(ctx, "if-match");
  if (ifMatch !== undefined && ifMatch.trim() !== "*" && ifMatch.trim() !== currentEtag) {
    throw new ArmHttpError(
      412,
      "PreconditionFailed",
      `The condition specified using HTTP conditional header(s) is not met for resource ${resourceId}: If-Match '${ifMatch}' does not match the current etag '${currentEtag}'.`,
    );
  }
}

function busyError(ctx: RequestContext, op: FirewallOperation): ArmHttpError {
  const engine = ctx.engine;
  const wait = engine.settings.retryAfterSeconds ?? Math.max(1, Math.ceil((op.completesAt - engine.now()) / 1000));
  const headers = { "Retry-After": String(wait) };
  if (firewallSettingsOf(engine).conflictMode === "retryable-429") {
    return new ArmHttpError(429, "RetryableError", "A retryable error occurred.", {
      headers,
      details: [
        {
          code: "RetryableErrorDueToAnotherOperation",
          message: `Operation ${op.kind} (${op.id}) is updating resource ${op.lockId}. The call can be retried in ${wait} seconds.`,
        },
      ],
    });
  }
  return new ArmHttpError(
    409,
    "AnotherOperationInProgress",
    `Another operation on this or dependent resource is in progress. To retrieve status of the operation use uri: ${operationUrl(ctx, op)}.`,
    { headers },
  );
}

export const operationUrl = (
  ctx: RequestContext,
  op: FirewallOperation,
  kind: "nfvOperations" | "nfvOperationResults" = "nfvOperations",
): string =>
  `${ctx.engine.baseUrl}/subscriptions/${op.subscriptionId}/providers/Microsoft.Network/locations/${op.location}/${kind}/${op.id}?api-version=2024-05-01`;

export interface WritePlan {
  store: FirewallStore;
  kind: FirewallOperationKind;
  /** The firewall or policy that serializes operations. */
  lockId: string;
  targetId: string;
  subscriptionId: string;
  location: string;
  /** The target's etag now; `undefined` when it does not exist yet. */
  currentEtag: string | undefined;
  /** Reads the target's etag again (after a test hook changed it). */
  refreshEtag: () => string | undefined;
  /** Applies the new configuration to the control plane (ARM answers with it at once, Updating). */
  accept: () => void;
  succeed: () => void;
  fail: () => void;
}

/**
 * One configuration write on a firewall or policy: preconditions, one operation at a time (busy, or
 * the running one superseded, as configured), then an operation that completes after the configured
 * delay. Checked in this order so a stale etag is reported even while the resource is busy.
 */
export function beginWrite(ctx: RequestContext, plan: WritePlan): FirewallOperation {
  const engine = ctx.engine;
  const settings = firewallSettingsOf(engine);
  // A test's "someone changes it between your read and your write" happens here, before the checks.
  const hook = plan.store.takeBeforeWrite();
  if (hook) {
    hook();
    plan.currentEtag = plan.refreshEtag();
  }
  checkPreconditions(ctx, plan.currentEtag, plan.targetId);
  const running = plan.store.operations.busyOn(plan.lockId);
  if (running && settings.conflictMode !== "supersede") throw busyError(ctx, running);
  plan.accept();
  const now = engine.now();
  const failWith = plan.store.takeFailure();
  const op = plan.store.operations.start({
    id: crypto.randomUUID(),
    subscriptionId: plan.subscriptionId,
    location: plan.location.toLowerCase().replace(/\s+/g, ""),
    lockId: plan.lockId,
    targetId: plan.targetId,
    kind: plan.kind,
    startedAt: now,
    completesAt: now + settings.operationDelayMs,
    status: "InProgress",
    ...(failWith ? { failWith } : {}),
    succeed: plan.succeed,
    fail: plan.fail,
  });
  if (running) plan.store.operations.supersede(running, op, now);
  return op;
}

export const asyncHeaders = (ctx: RequestContext, op: FirewallOperation): Record<string, string> => ({
  "Azure-AsyncOperation": operationUrl(ctx, op),
});

export { newEtag };
