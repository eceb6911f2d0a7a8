import type { GrantNotice } from "../../app/ports/grant-notifier.port.js";

/** Job kinds and their ids. Ids are fixed per grant so enqueuing twice stores one job (BullMQ ids may not contain ':'). */
export const QUEUE_NAME = "ajar-grants";
/** NSG reconciles run on their own queue: they wait on ARM, so they get many more slots than grant jobs. */
export const RECONCILE_QUEUE_NAME = "ajar-nsgs";

/** Each name has exactly one row in JOBS (job-table.ts), which says what runs it; the compiler checks both ways. */
export type JobName = "authorize" | "open" | "expire-pending" | "remind" | "expiry-notice" | "announce" | "sweep";

export interface GrantJobData {
  grantId: string;
  round?: number;
  notice?: GrantNotice;
}

export interface ReconcileJobData {
  nsgId: string;
  generation?: number;
  notBefore?: number;
}

export const jobId = (name: Exclude<JobName, "sweep">, grantId: string, round?: number | string): string =>
  round === undefined ? `${name}-${grantId}` : `${name}-${grantId}-r${round}`;
