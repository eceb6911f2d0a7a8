import type { ArmErrorDetail } from "../http/arm-error.js";

export type OperationStatus = "InProgress" | "Succeeded" | "Failed" | "Canceled";

/** The `error` of an operation-status body: ARM nests the reason (e.g. the superseding operation) in `details`. */
export interface OperationError extends ArmErrorDetail {
  details?: ArmErrorDetail[];
}

export interface LroOperation {
  id: string;
  subscriptionId: string;
  location: string;
  /** Canonical id of the resource the operation holds busy (an NSG for rule and NSG writes). */
  nsgId: string;
  /** ARM's operation name, e.g. PutSecurityRuleOperation, PutNetworkSecurityGroupOperation. */
  kind: string;
  /** The child resource written, when the operation is on one. */
  ruleName?: string;
  startedAt: number;
  completesAt: number;
  status: OperationStatus;
  endedAt?: number;
  /** Decided when the operation starts, so a failure injected before a write hits exactly that write. */
  failWith?: ArmErrorDetail;
  onSucceeded: () => void;
  onFailed: () => void;
  /** Undoes the operation's changes when a later write supersedes it (conflict mode `cancel-superseded`). */
  onCanceled?: () => void;
  /** Set when the operation ended Canceled. */
  cancelError?: OperationError;
  onSettled?: (status: OperationStatus) => void;
}

/**
 * Long-running operations finish by the clock, not by being polled: whoever looks first (a poll, a GET,
 * another write) settles everything that is due. That keeps the simulator free of timers and makes
 * "busy" windows exact.
 */
export class OperationTracker {
  private readonly operations = new Map<string, LroOperation>();

  start(op: LroOperation): LroOperation {
    this.operations.set(op.id, op);
    return op;
  }

  settle(now: number): void {
    for (const op of this.operations.values()) {
      if (op.status !== "InProgress" || op.completesAt > now) continue;
      op.endedAt = now;
      if (op.failWith) {
        op.status = "Failed";
        op.onFailed();
      } else {
        op.status = "Succeeded";
        op.onSucceeded();
      }
      op.onSettled?.(op.status);
    }
  }

  /** Ends a running operation as `Canceled`: its changes are undone and pollers see `error`. */
  cancel(op: LroOperation, now: number, error: OperationError): void {
    if (op.status !== "InProgress") return;
    op.status = "Canceled";
    op.endedAt = now;
    op.cancelError = error;
    op.onCanceled?.();
    op.onSettled?.(op.status);
  }

  get(id: string): LroOperation | undefined {
    return this.operations.get(id.toLowerCase());
  }

  /** The operation currently holding the NSG, if any (call settle first). */
  busyOn(nsgId: string): LroOperation | undefined {
    const key = nsgId.toLowerCase();
    for (const op of this.operations.values())
      if (op.status === "InProgress" && op.nsgId.toLowerCase() === key) return op;
    return undefined;
  }

  inProgress(): LroOperation[] {
    return [...this.operations.values()].filter((op) => op.status === "InProgress");
  }

  clear(): void {
    this.operations.clear();
  }
}
