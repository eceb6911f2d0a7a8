/** Job kinds and their ids. Ids are fixed per grant so enqueuing twice stores one job (BullMQ ids may not contain ':'). */
export const QUEUE_NAME = "ajar-grants";

export type JobName = "authorize" | "open" | "close" | "expire-pending" | "remind" | "expiry-notice" | "sweep";

export interface GrantJobData {
  grantId: string;
  round?: number;
}

export const jobId = (name: Exclude<JobName, "sweep">, grantId: string, round?: number): string =>
  round === undefined ? `${name}-${grantId}` : `${name}-${grantId}-r${round}`;
