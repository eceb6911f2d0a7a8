import { createHash } from "node:crypto";

import type { Queue } from "bullmq";

import type { ReconcileMarks, ReconcileRequests } from "../../app/ports/reconcile-requests.port.js";
import type { ReconcileJobData } from "./job-names.js";
import { RECONCILE_JOB } from "./job-table.js";

/** Ends that fall within this of each other share one scheduled reconcile per NSG. */
const END_BUCKET_MS = 250;

const tag = (nsgId: string): string => createHash("sha256").update(nsgId.toLowerCase()).digest("hex").slice(0, 20);

/**
 * Reconcile requests as BullMQ jobs on their own queue. A request "now" bumps the NSG's generation
 * and queues a job that is done once a pass has covered that generation, so a job id per generation
 * never drops a request that arrives while a pass runs. A request "at" an instant is a delayed job,
 * one per NSG and end bucket (rounded up, so never early), done once a pass has started after it.
 */
export class BullmqReconcileRequests implements ReconcileRequests {
  /** Set in a process that runs reconciles: ends are also kept on a local timer (see reconcile-worker.ts). */
  onEndScheduled?: (nsgId: string, notBefore: number) => void;

  constructor(
    private readonly queue: Queue<ReconcileJobData>,
    private readonly marks: ReconcileMarks,
    private readonly now: () => number = Date.now,
  ) {}

  async request(nsgIds: string[], at?: Date): Promise<void> {
    for (const nsgId of nsgIds) {
      if (at) {
        const notBefore = Math.ceil(at.getTime() / END_BUCKET_MS) * END_BUCKET_MS;
        await this.queue.add(
          "reconcile",
          { nsgId, notBefore },
          { ...OPTIONS, jobId: `rc-${tag(nsgId)}-t${notBefore}`, delay: Math.max(0, notBefore - this.now()) },
        );
        this.onEndScheduled?.(nsgId, notBefore);
      } else {
        const generation = await this.marks.bump(nsgId);
        await this.queue.add(
          "reconcile",
          { nsgId, generation },
          { ...OPTIONS, jobId: `rc-${tag(nsgId)}-g${generation}` },
        );
      }
    }
  }
}

const OPTIONS = {
  attempts: RECONCILE_JOB.attempts,
  backoff: { type: "reconcile" },
  removeOnComplete: true,
  removeOnFail: { age: 24 * 3600 },
};
