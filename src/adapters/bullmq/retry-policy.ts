import { isAjarError } from "../../domain/errors.js";

/** How long to wait before attempt `attemptsMade + 1`, given what the last attempt threw. */
export type Backoff = (attemptsMade: number, error?: Error) => number;

/**
 * Doubles from `baseMs` to `capMs`, and waits at least what the service asked for (the domain
 * error's `retryAfterMs`, up to `hintCapMs`). Jitter keeps several workers from retrying against
 * one NSG in lockstep.
 */
export const exponentialBackoff =
  (baseMs: number, capMs: number, hintCapMs = capMs): Backoff =>
  (attemptsMade, error) => {
    const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, attemptsMade - 1));
    const asked = isAjarError(error) ? (error.retryAfterMs ?? 0) : 0;
    const hinted = asked > 0 ? Math.min(asked, hintCapMs) : 0;
    return Math.max(exponential, hinted) + Math.floor(Math.random() * 100);
  };

/** Grant jobs wait up to minutes between attempts: they give up after a while anyway. */
export const grantBackoff = exponentialBackoff(500, 5 * 60_000);

/** Closing must not wait minutes behind a long backoff: retries stay within seconds, or what ARM asks. */
export const reconcileBackoff = exponentialBackoff(200, 5_000, 30_000);

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
