import type { ArmErrorDetail } from "../http/arm-error.js";

export type FirewallOperationStatus = "InProgress" | "Succeeded" | "Failed" | "Canceled";

export type FirewallOperationKind =
  "PutAzureFirewall" | "PutFirewallPolicyRuleCollectionGroup" | "DeleteFirewallPolicyRuleCollectionGroup";

export interface FirewallOperation {
  id: string;
  subscriptionId: string;
  location: string;
  /** The firewall or policy the operation holds: ARM runs one configuration update at a time on it. */
  lockId: string;
  /** The resource the operation writes (the firewall, or one rule collection group). */
  targetId: string;
  kind: FirewallOperationKind;
  startedAt: number;
  completesAt: number;
  status: FirewallOperationStatus;
  endedAt?: number;
  /** Decided when the operation starts, so an injected failure hits exactly the next write. */
  failWith?: ArmErrorDetail;
  /** Set when the operation ended Failed or Canceled. */
  error?: ArmErrorDetail;
  succeed: () => void;
  fail: () => void;
}

/**
 * Firewall operations finish by the clock, settled by whoever looks first (a poll, a GET, another
 * write), like the NSG operations. A superseded operation ends `Canceled` with ARM's
 * CanceledAndSupersededDueToAnotherOperation error.
 */
export class FirewallOperations {
  private readonly operations = new Map<string, FirewallOperation>();

  start(op: FirewallOperation): FirewallOperation {
    this.operations.set(op.id.toLowerCase(), op);
    return op;
  }

  settle(now: number): void {
    for (const op of this.operations.values()) {
      if (op.status !== "InProgress" || op.completesAt > now) continue;
      op.endedAt = now;
      if (op.failWith) {
        op.status = "Failed";
        op.error = op.failWith;
        op.fail();
      } else {
        op.status = "Succeeded";
        op.succeed();
      }
    }
  }

  /** Ends `op` as Canceled because `by` replaced it; the newer write's configuration stands. */
  supersede(op: FirewallOperation, by: FirewallOperation, now: number): void {
    op.status = "Canceled";
    op.endedAt = now;
    op.error = {
      code: "CanceledAndSupersededDueToAnotherOperation",
      message: `Operation ${op.kind} (${op.id}) was canceled and superseded by operation ${by.kind} (${by.id}).`,
    };
  }

  get(id: string): FirewallOperation | undefined {
    return this.operations.get(id.toLowerCase());
  }

  busyOn(lockId: string): FirewallOperation | undefined {
    const key = lockId.toLowerCase();
    for (const op of this.operations.values())
      if (op.status === "InProgress" && op.lockId.toLowerCase() === key) return op;
    return undefined;
  }

  all(): FirewallOperation[] {
    return [...this.operations.values()];
  }
}
