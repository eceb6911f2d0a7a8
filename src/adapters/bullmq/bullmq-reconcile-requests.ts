import type { Queue } from "bullmq";

import type { ReconcileMarks, ReconcileRequests } from "../../app/ports/reconcile-requests.port.js";
import { endJobOf, nsgTag } from "./due-entry.js";
import type { DueJobs } from "./due-jobs.js";
import type { ReconcileJobData } from "./job-names.js";
import { reconcileJobOptions } from "./job-options.js";

/** Ends that fall within this of each other share one scheduled reconcile per NSG. */
const END_BUCKET_MS = 250;

/**
 * Reconcile requests as BullMQ jobs on their own queue. A request "now" bumps the NSG's generation
 * and queues a job that is done once a pass has covered that generation, so a job id per generation
 * never drops a request that arrives while a pass runs. A request "at" an instant waits in the due
 * set, one entry per NSG and end bucket (rounded up, so never early), and becomes a job done once a
 * pass has started after it.
 */
export class BullmqReconcileRequests implements ReconcileRequests {
  constructor(
    private readonly queue: Queue<ReconcileJobData>,
    private readonly marks: ReconcileMarks,
    private readonly due: DueJobs,
    private readonly now: () => number = Date.now,
  ) {}

  async request(nsgIds: string[], at?: Date): Promise<void> {
    for (const nsgId of nsgIds) {
      if (at) {
        const notBefore = Math.ceil(at.getTime() / END_BUCKET_MS) * END_BUCKET_MS;
        const end = { kind: "end", nsgId, notBefore } as const;
        if (notBefore > this.now()) {
          await this.due.schedule(end, new Date(notBefore));
        } else {
          const { id, data } = endJobOf(end);
          await this.queue.add("reconcile", data, reconcileJobOptions(id));
        }
      } else {
        const generation = await this.marks.bump(nsgId);
        await this.queue.add(
          "reconcile",
          { nsgId, generation },
          reconcileJobOptions(`rc-${nsgTag(nsgId)}-g${generation}`),
        );
      }
    }
  }
}
