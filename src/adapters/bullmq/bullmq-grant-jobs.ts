import type { Queue } from "bullmq";

import type { GrantJobs } from "../../app/ports/grant-jobs.port.js";
import type { GrantNotice } from "../../app/ports/grant-notifier.port.js";
import { grantJobOf, type DueGrantJob } from "./due-entry.js";
import type { DueJobs } from "./due-jobs.js";
import { jobId, type GrantJobData } from "./job-names.js";
import { grantJobOptions } from "./job-options.js";

/**
 * GrantJobs on a BullMQ queue. Each method names its row of the job table (JOBS), which says what
 * runs it, how often it is tried and what giving up means. Work for later waits in the due set
 * (a sorted-set member each, see due-jobs.ts) and becomes a BullMQ job when it is due.
 */
export class BullmqGrantJobs implements GrantJobs {
  constructor(
    private readonly queue: Queue<GrantJobData>,
    private readonly due: DueJobs,
    private readonly now: () => number = Date.now,
  ) {}

  private async add(name: "authorize" | "open" | "announce", grantId: string, notice?: GrantNotice): Promise<void> {
    await this.queue.add(
      name,
      { grantId, ...(notice ? { notice } : {}) },
      grantJobOptions(name, jobId(name, grantId, notice)),
    );
  }

  /** At `at`, or now when that has passed; `move` replaces a time already set for the same entry. */
  private async later(entry: Omit<DueGrantJob, "kind">, at: Date, move = false): Promise<void> {
    if (at.getTime() > this.now()) {
      await this.due.schedule({ kind: "grant", ...entry }, at, { move });
      return;
    }
    // The id the due set would give it: queued twice, it is one job.
    const { id, data } = grantJobOf({ kind: "grant", ...entry }, at.getTime());
    await this.queue.add(entry.name, data, grantJobOptions(entry.name, id));
  }

  authorize(grantId: string): Promise<void> {
    return this.add("authorize", grantId);
  }

  open(grantId: string): Promise<void> {
    return this.add("open", grantId);
  }

  scheduleOpen(grantId: string, at: Date): Promise<void> {
    return this.later({ name: "open", grantId }, at);
  }

  scheduleExpirePending(grantId: string, at: Date): Promise<void> {
    return this.later({ name: "expire-pending", grantId }, at);
  }

  /** Its own entry (round 0), so the pending expiry scheduled after the link is opened is not swallowed as a duplicate. */
  scheduleSourceLinkExpiry(grantId: string, at: Date): Promise<void> {
    return this.later({ name: "expire-pending", grantId, round: 0 }, at);
  }

  scheduleReminder(grantId: string, at: Date, round: number): Promise<void> {
    return this.later({ name: "remind", grantId, round }, at);
  }

  /** Exactly one heads-up per grant: scheduling it again moves it to the grant's new end. */
  scheduleExpiryNotice(grantId: string, at: Date): Promise<void> {
    return this.later({ name: "expiry-notice", grantId }, at, true);
  }

  announce(grantId: string, notice: GrantNotice): Promise<void> {
    return this.add("announce", grantId, notice);
  }
}
