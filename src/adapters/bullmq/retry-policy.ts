import type { BackoffStrategy } from "bullmq";
import { isAjarError } from "../../domain/errors.js";
import type { JobName } from "./job-names.js";

/**
 * Opening gives up after a while and reports the grant failed; reconciling an NSG never gives up
 * (RECONCILE_ATTEMPTS), because a rule left open is the one outcome a JIT tool must not have.
 * Backoff doubles to a cap and honours a Retry-After the cloud sent.
 */
export const ATTEMPTS: Record<JobName, number> = {
  authorize: 6,
  open: 8,
  announce: 5,
  "expire-pending": 20,
  remind: 3,
  "expiry-notice": 3,
  sweep: 1,
};

export const RECONCILE_ATTEMPTS = 1_000_000;

const BASE_MS = 500;
const CAP_MS = 5 * 60_000;

export const backoffStrategy: BackoffStrategy = (attemptsMade, _type, err) => {
  const exponential = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attemptsMade - 1));
  const retryAfter = isAjarError(err) ? err.retryAfterMs : undefined;
  const hinted = retryAfter !== undefined && retryAfter > 0 ? Math.min(retryAfter, CAP_MS) : 0;
  // Jitter keeps several workers from retrying against one NSG in lockstep.
  return Math.max(exponential, hinted) + Math.floor(Math.random() * 100);
};

/**
 * A job whose worker died (SIGKILL, OOM, a lost node) is only handed to another worker once its lock
 * has expired and two of BullMQ's stalled checks have seen it: about lock + 2 × check. BullMQ's
 * 30 s / 30 s meant 30-90 s before a request killed mid-authorize or mid-open went on, and workers
 * restarted more often than that never recovered it. Locks are renewed every half lock, so a
 * healthy job keeps its lock; every job is idempotent, so a rare double run costs nothing.
 */
export const JOB_LOCK_MS = 10_000;
export const STALLED_CHECK_MS = 5_000;

/** Grant jobs (authorize, open, announce...) run this many at once per worker process. */
export const GRANT_JOB_CONCURRENCY = 32;
