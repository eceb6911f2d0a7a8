import type { BackoffStrategy } from "bullmq";
import type { JobName } from "./job-names.js";

/**
 * Opening gives up after a while and reports the grant failed; closing never gives up, because a
 * rule left open is the one outcome a JIT tool must not have. Backoff doubles to a cap and honours
 * a Retry-After the cloud sent.
 */
export const ATTEMPTS: Record<JobName, number> = {
  authorize: 6,
  open: 8,
  close: 1_000_000,
  "expire-pending": 20,
  remind: 3,
  "expiry-notice": 3,
  sweep: 1,
};

const BASE_MS = 500;
const CAP_MS = 5 * 60_000;

export const backoffStrategy: BackoffStrategy = (attemptsMade, _type, err) => {
  const exponential = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attemptsMade - 1));
  const retryAfter = (err as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  const hinted = typeof retryAfter === "number" && retryAfter > 0 ? Math.min(retryAfter, CAP_MS) : 0;
  // Jitter keeps several workers from retrying against one NSG in lockstep.
  return Math.max(exponential, hinted) + Math.floor(Math.random() * 100);
};
