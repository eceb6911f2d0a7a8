import type { JobsOptions, Queue } from "bullmq";

import type { GrantJobs } from "../../app/ports/grant-jobs.port.js";
import type { GrantNotice } from "../../app/ports/grant-notifier.port.js";
import { jobId, type GrantJobData } from "./job-names.js";
import { JOBS, type JobSpec } from "./job-table.js";

/** The jobs a grant queues; the sweep is queued by its scheduler instead (see start-worker.ts). */
type GrantJob = Exclude<keyof typeof JOBS, "sweep">;

/**
 * GrantJobs on a BullMQ queue. Each method names its row of the job table (JOBS), which says what
 * runs it, how often it is tried and what giving up means. Completed jobs are removed so a fixed
 * id can be enqueued again later.
 */
export class BullmqGrantJobs implements GrantJobs {
  constructor(
    private readonly queue: Queue<GrantJobData>,
    private readonly now: () => number = Date.now,
  ) {}

  private options(spec: JobSpec, id: string, delayMs = 0): JobsOptions {
    return {
      jobId: id,
      attempts: spec.attempts,
      // The worker picks each job's backoff from the table by name; the type only has to be custom.
      backoff: { type: "ajar" },
      delay: Math.max(0, delayMs),
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    };
  }

  private async add(
    spec: (typeof JOBS)[GrantJob],
    grantId: string,
    at?: Date,
    round?: number,
    extra: Partial<GrantJobData> = {},
  ): Promise<void> {
    const id = jobId(spec.name, grantId, extra.notice ?? round);
    const delay = at ? at.getTime() - this.now() : 0;
    await this.queue.add(
      spec.name,
      { grantId, ...(round !== undefined ? { round } : {}), ...extra },
      this.options(spec, id, delay),
    );
  }

  authorize(grantId: string): Promise<void> {
    return this.add(JOBS.authorize, grantId);
  }

  open(grantId: string): Promise<void> {
    return this.add(JOBS.open, grantId);
  }

  scheduleOpen(grantId: string, at: Date): Promise<void> {
    return this.add(JOBS.open, grantId, at);
  }

  /**
   * Exactly one job of this kind per grant: a delayed one is moved, a waiting or active one will run
   * and find the grant's new end itself, a finished or failed one is replaced.
   */
  private async reschedule(spec: (typeof JOBS)["expiry-notice"], grantId: string, at: Date): Promise<void> {
    const existing = await this.queue.getJob(jobId(spec.name, grantId));
    if (existing) {
      const state = await existing.getState();
      if (state === "delayed") {
        await existing.changeDelay(Math.max(0, at.getTime() - this.now()));
        return;
      }
      if (state !== "failed" && state !== "completed") return;
      await existing.remove().catch(() => undefined);
    }
    await this.add(spec, grantId, at);
  }

  scheduleExpirePending(grantId: string, at: Date): Promise<void> {
    return this.add(JOBS["expire-pending"], grantId, at);
  }

  /** Its own job id (round 0), so the pending expiry scheduled after the link is opened is not swallowed as a duplicate. */
  scheduleSourceLinkExpiry(grantId: string, at: Date): Promise<void> {
    return this.add(JOBS["expire-pending"], grantId, at, 0);
  }

  scheduleReminder(grantId: string, at: Date, round: number): Promise<void> {
    return this.add(JOBS.remind, grantId, at, round);
  }

  scheduleExpiryNotice(grantId: string, at: Date): Promise<void> {
    return this.reschedule(JOBS["expiry-notice"], grantId, at);
  }

  announce(grantId: string, notice: GrantNotice): Promise<void> {
    return this.add(JOBS.announce, grantId, undefined, undefined, { notice });
  }
}
