import type { GrantJobs } from "../../../src/app/ports/grant-jobs.port.js";
import type { GrantNotice } from "../../../src/app/ports/grant-notifier.port.js";

export interface JobCall {
  kind: "authorize" | "open" | "expire-pending" | "source-link-expiry" | "remind" | "expiry-notice" | "announce";
  grantId: string;
  at?: string;
  round?: number;
  notice?: GrantNotice;
}

/**
 * Grant jobs as the BullMQ adapter keys them: one job per id, so queueing the same job again while it
 * waits stores nothing new (the port's contract). `calls` keeps every call; `jobs()` what the queue
 * would hold.
 */
export class RecordingGrantJobs implements GrantJobs {
  readonly calls: JobCall[] = [];
  private readonly queue = new Map<string, JobCall>();

  private add(call: JobCall): Promise<void> {
    this.calls.push(call);
    const suffix = call.kind === "announce" ? `-${call.notice}` : call.round !== undefined ? `-r${call.round}` : "";
    const id = `${call.kind}-${call.grantId}${suffix}`;
    // An expiry notice is moved, not duplicated (the adapter changes the delay of the waiting job).
    if (call.kind === "expiry-notice" || !this.queue.has(id)) this.queue.set(id, call);
    return Promise.resolve();
  }

  authorize(grantId: string): Promise<void> {
    return this.add({ kind: "authorize", grantId });
  }
  open(grantId: string): Promise<void> {
    return this.add({ kind: "open", grantId });
  }
  scheduleOpen(grantId: string, at: Date): Promise<void> {
    return this.add({ kind: "open", grantId, at: at.toISOString() });
  }
  scheduleExpirePending(grantId: string, at: Date): Promise<void> {
    return this.add({ kind: "expire-pending", grantId, at: at.toISOString() });
  }
  scheduleSourceLinkExpiry(grantId: string, at: Date): Promise<void> {
    return this.add({ kind: "source-link-expiry", grantId, at: at.toISOString() });
  }
  scheduleReminder(grantId: string, at: Date, round: number): Promise<void> {
    return this.add({ kind: "remind", grantId, at: at.toISOString(), round });
  }
  scheduleExpiryNotice(grantId: string, at: Date): Promise<void> {
    return this.add({ kind: "expiry-notice", grantId, at: at.toISOString() });
  }
  announce(grantId: string, notice: GrantNotice): Promise<void> {
    return this.add({ kind: "announce", grantId, notice });
  }

  /** The jobs the queue holds, oldest first, optionally of one kind. */
  jobs(kind?: JobCall["kind"]): JobCall[] {
    return [...this.queue.values()].filter((j) => !kind || j.kind === kind);
  }

  /** Notices queued for announcement, in order. */
  announced(grantId?: string): GrantNotice[] {
    return this.jobs("announce")
      .filter((j) => !grantId || j.grantId === grantId)
      .map((j) => j.notice!);
  }
}
