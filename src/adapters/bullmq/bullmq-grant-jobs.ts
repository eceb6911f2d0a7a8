import type { JobsOptions, Queue } from "bullmq";
import type { GrantJobs } from "../../app/ports/grant-jobs.port.js";
import type { GrantNotice } from "../../app/ports/grant-notifier.port.js";
import { jobId, type GrantJobData, type JobName } from "./job-names.js";
import { ATTEMPTS } from "./retry-policy.js";

/** GrantJobs on a BullMQ queue. Completed jobs are removed so a fixed id can be enqueued again later. */
export class BullmqGrantJobs implements GrantJobs {
  constructor(
    private readonly queue: Queue<GrantJobData>,
    private readonly now: () => number = Date.now,
  ) {}

  private options(name: JobName, id: string, delayMs = 0): JobsOptions {
    return {
      jobId: id,
      attempts: ATTEMPTS[name],
      backoff: { type: "ajar" },
      delay: Math.max(0, delayMs),
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    };
  }

  private async add(name: Exclude<JobName, "sweep">, grantId: string, at?: Date, round?: number, extra: Partial<GrantJobData> = {}): Promise<void> {
    const id = jobId(name, grantId, extra.notice ?? round);
    const delay = at ? at.getTime() - this.now() : 0;
    await this.queue.add(name, { grantId, ...(round !== undefined ? { round } : {}), ...extra }, this.options(name, id, delay));
  }

  authorize(grantId: string): Promise<void> {
    return this.add("authorize", grantId);
  }

  open(grantId: string): Promise<void> {
    return this.add("open", grantId);
  }

  scheduleOpen(grantId: string, at: Date): Promise<void> {
    return this.add("open", grantId, at);
  }

  /**
   * Exactly one job of this kind per grant: a delayed one is moved, a waiting or active one will run
   * and find the grant's new end itself, a finished or failed one is replaced.
   */
  private async reschedule(name: "expiry-notice", grantId: string, at: Date): Promise<void> {
    const existing = await this.queue.getJob(jobId(name, grantId));
    if (existing) {
      const state = await existing.getState();
      if (state === "delayed") {
        await existing.changeDelay(Math.max(0, at.getTime() - this.now()));
        return;
      }
      if (state !== "failed" && state !== "completed") return;
      await existing.remove().catch(() => undefined);
    }
    await this.add(name, grantId, at);
  }

  scheduleExpirePending(grantId: string, at: Date): Promise<void> {
    return this.add("expire-pending", grantId, at);
  }

  /** Its own job id (round 0), so the pending expiry scheduled after the link is opened is not swallowed as a duplicate. */
  scheduleSourceLinkExpiry(grantId: string, at: Date): Promise<void> {
    return this.add("expire-pending", grantId, at, 0);
  }

  scheduleReminder(grantId: string, at: Date, round: number): Promise<void> {
    return this.add("remind", grantId, at, round);
  }

  scheduleExpiryNotice(grantId: string, at: Date): Promise<void> {
    return this.reschedule("expiry-notice", grantId, at);
  }

  announce(grantId: string, notice: GrantNotice): Promise<void> {
    return this.add("announce", grantId, undefined, undefined, { notice });
  }
}
