import { ArmHttpError, resourceNotFound, type ArmErrorDetail } from "../http/arm-error.js";
import type { ParsedAzureSeed } from "../seed/seed-schema.js";
import { buildState } from "../state/build-state.js";
import {
  keyOf,
  type NsgRecord,
  type ResourceGroupRecord,
  type SimState,
  type SubscriptionRecord,
} from "../state/model.js";
import { FaultInjector } from "./faults.js";
import type { RequestLogEntry, WriteLogEntry } from "./logs.js";
import { OperationTracker, type LroOperation } from "./operations.js";
import { WriteRateLimiter } from "./rate-limiter.js";

/** How a write that collides with a running operation on the same NSG is answered. */
export type ConflictMode = "retryable-429" | "another-operation-409" | "cancel-superseded";

export interface EngineSettings {
  operationDelayMs: number;
  writesPerSecond: number | undefined;
  /** Fixed Retry-After for throttling and busy answers; computed from the actual wait when unset. */
  retryAfterSeconds: number | undefined;
  conflictMode: ConflictMode;
  /** Items per page in list answers; small values exercise nextLink paging. */
  pageSize: number;
  /** Retry-After on operation-status answers; unset by default so the client's own interval applies. */
  pollRetryAfterSeconds: number | undefined;
  /** Accepted bearer tokens; any non-empty token when unset. */
  acceptedTokens: string[] | undefined;
}

/** State plus the machinery around it (operations, throttling, faults, logs), independent of HTTP. */
export class SimEngine {
  state: SimState;
  readonly operations = new OperationTracker();
  readonly limiter: WriteRateLimiter;
  readonly faults = new FaultInjector();
  writeLog: WriteLogEntry[] = [];
  /** Results of long-running POST actions (effective security rules), served at their Location once ready. */
  readonly actionResults = new Map<
    string,
    { subscriptionId: string; location: string; readyAt: number; body: unknown }
  >();
  requestLog: RequestLogEntry[] = [];
  baseUrl = "http://127.0.0.1";
  private seq = 0;
  private operationFailures: (ArmErrorDetail & { remaining: number })[] = [];
  private writeHooks = new Map<string, (() => void)[]>();

  constructor(
    private readonly seed: ParsedAzureSeed,
    readonly settings: EngineSettings,
    private readonly clock: () => number = Date.now,
  ) {
    this.state = buildState(seed);
    this.limiter = new WriteRateLimiter(settings.writesPerSecond);
  }

  now(): number {
    return this.clock();
  }

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  /** Completes every operation that is due; call before reading or writing state. */
  settle(): void {
    this.operations.settle(this.now());
  }

  /** Back to the seed: state, operations, faults, throttling windows and logs. */
  reset(): void {
    this.state = buildState(this.seed);
    this.operations.clear();
    this.actionResults.clear();
    this.faults.clear();
    this.limiter.reset();
    this.operationFailures = [];
    this.writeHooks.clear();
    this.writeLog = [];
    this.requestLog = [];
  }

  subscription(subscriptionId: string): SubscriptionRecord {
    const sub = this.state.subscriptions.get(keyOf(subscriptionId));
    if (!sub)
      throw new ArmHttpError(404, "SubscriptionNotFound", `The subscription '${subscriptionId}' could not be found.`);
    return sub;
  }

  resourceGroup(subscriptionId: string, name: string): ResourceGroupRecord {
    const rg = this.subscription(subscriptionId).resourceGroups.get(keyOf(name));
    if (!rg) throw new ArmHttpError(404, "ResourceGroupNotFound", `Resource group '${name}' could not be found.`);
    return rg;
  }

  nsg(subscriptionId: string, resourceGroup: string, name: string): NsgRecord {
    const nsg = this.resourceGroup(subscriptionId, resourceGroup).nsgs.get(keyOf(name));
    if (!nsg) throw resourceNotFound("Microsoft.Network/networkSecurityGroups", name, resourceGroup);
    return nsg;
  }

  nsgById(id: string): NsgRecord {
    const parts = id.split("/").filter(Boolean);
    if (parts.length !== 8 || parts[6]?.toLowerCase() !== "networksecuritygroups") {
      throw new ArmHttpError(
        400,
        "LinkedInvalidPropertyId",
        `Property id '${id}' is not a valid network security group id.`,
      );
    }
    return this.nsg(parts[1] as string, parts[3] as string, parts[7] as string);
  }

  allResourceGroups(subscriptionId?: string): ResourceGroupRecord[] {
    const subs =
      subscriptionId === undefined ? [...this.state.subscriptions.values()] : [this.subscription(subscriptionId)];
    return subs.flatMap((s) => [...s.resourceGroups.values()]);
  }

  failNextOperation(spec: { code?: string; message?: string; count?: number } = {}): void {
    this.operationFailures.push({
      code: spec.code ?? "InternalServerError",
      message: spec.message ?? "An error occurred.",
      remaining: spec.count ?? 1,
    });
  }

  takeOperationFailure(): ArmErrorDetail | undefined {
    const next = this.operationFailures.find((f) => f.remaining > 0);
    if (!next) return undefined;
    next.remaining -= 1;
    this.operationFailures = this.operationFailures.filter((f) => f.remaining > 0);
    return { code: next.code, message: next.message };
  }

  /** Registers `fn` to run just before the next ARM write on `resourceId` (before its preconditions are checked). */
  onNextWrite(resourceId: string, fn: () => void): void {
    const key = resourceId.toLowerCase();
    this.writeHooks.set(key, [...(this.writeHooks.get(key) ?? []), fn]);
  }

  /** Runs (once) the hooks waiting for a write on `resourceId`; write handlers call it first. */
  runWriteHooks(resourceId: string): void {
    const key = resourceId.toLowerCase();
    const hooks = this.writeHooks.get(key);
    if (!hooks) return;
    this.writeHooks.delete(key);
    for (const fn of hooks) fn();
  }

  /**
   * Makes room for a new operation `next` on a resource: refuses while another operation runs, or, in
   * conflict mode `cancel-superseded`, cancels the running one (it ends Canceled, its changes undone).
   */
  claim(resourceId: string, next: { id: string; kind: string }): void {
    const busy = this.operations.busyOn(resourceId);
    if (!busy) return;
    if (this.settings.conflictMode !== "cancel-superseded") throw this.busyError(busy);
    this.operations.cancel(busy, this.now(), {
      code: "Canceled",
      message: "Operation was canceled.",
      details: [
        {
          code: "CanceledAndSupersededDueToAnotherOperation",
          message: `Operation ${busy.kind} (${busy.id}) was canceled and superseded by operation ${next.kind} (${next.id}).`,
        },
      ],
    });
  }

  operationStatusUrl(op: LroOperation): string {
    return `${this.baseUrl}/subscriptions/${op.subscriptionId}/providers/Microsoft.Network/locations/${op.location}/operations/${op.id}?api-version=2024-05-01`;
  }

  operationResultUrl(op: LroOperation): string {
    return `${this.baseUrl}/subscriptions/${op.subscriptionId}/providers/Microsoft.Network/locations/${op.location}/operationResults/${op.id}?api-version=2024-05-01`;
  }

  /** ARM's answer to a write on an NSG that another operation is still updating. */
  busyError(op: LroOperation): ArmHttpError {
    const wait = this.settings.retryAfterSeconds ?? Math.max(1, Math.ceil((op.completesAt - this.now()) / 1000));
    const headers = { "Retry-After": String(wait) };
    if (this.settings.conflictMode === "another-operation-409") {
      return new ArmHttpError(
        409,
        "AnotherOperationInProgress",
        `Another operation on this or dependent resource is in progress. To retrieve status of the operation use uri: ${this.operationStatusUrl(op)}.`,
        { headers },
      );
    }
    return new ArmHttpError(429, "RetryableError", "A retryable error occurred.", {
      headers,
      details: [
        {
          code: "RetryableErrorDueToAnotherOperation",
          message: `Operation ${op.kind} (${op.id}) is updating resource ${op.nsgId}. The call can be retried in ${wait} seconds.`,
        },
      ],
    });
  }
}
