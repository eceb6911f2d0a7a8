import type { Queue } from "bullmq";

import type { Logger } from "../../app/ports/logger.port.js";
import { errorMessage } from "../../domain/errors.js";
import { endJobOf, grantJobOf } from "./due-entry.js";
import type { Claimed, DueJobs } from "./due-jobs.js";
import type { GrantJobData, ReconcileJobData } from "./job-names.js";
import { grantJobOptions, reconcileJobOptions } from "./job-options.js";

/** How often a worker looks for due work: the most a grant's end waits before its reconcile is queued. */
export const DUE_POLL_MS = 100;
/** A process that claimed due work and died hands it back after this long. */
const LEASE_MS = 15_000;
/** After a failed round (Redis away), the next one waits this long. */
const RETRY_MS = 1000;
/** Entries queued per round trip; more due at once are taken in the next round, at once. */
const BATCH = 500;

export interface DuePoller {
  stop(): Promise<void>;
}

/**
 * Moves due entries into BullMQ as jobs to run now: ends onto the reconcile queue, the rest onto the
 * grant queue. An entry is claimed before it is queued and released after, so a process dying in
 * between leaves it to another one once the lease ends; queuing it twice makes one job (same id).
 */
export function startDuePoller(
  due: DueJobs,
  queues: { grants: Queue<GrantJobData>; reconciles: Queue<ReconcileJobData> },
  logger: Logger,
  options: { intervalMs?: number; now?: () => number } = {},
): DuePoller {
  const intervalMs = options.intervalMs ?? DUE_POLL_MS;
  const now = options.now ?? Date.now;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const handOver = async (claimed: Claimed[]): Promise<void> => {
    const grants = claimed.flatMap(({ entry, dueAt }) => {
      if (entry.kind !== "grant") return [];
      const { id, data } = grantJobOf(entry, dueAt);
      return [{ name: entry.name, data, opts: grantJobOptions(entry.name, id) }];
    });
    const ends = claimed.flatMap(({ entry }) => {
      if (entry.kind !== "end") return [];
      const { id, data } = endJobOf(entry);
      return [{ name: "reconcile", data, opts: reconcileJobOptions(id) }];
    });
    if (ends.length > 0) await queues.reconciles.addBulk(ends);
    if (grants.length > 0) await queues.grants.addBulk(grants);
    await due.release(claimed.map((c) => c.claim));
  };

  let lastError = "";
  /** One round; false when it failed (whatever was claimed comes back after its lease). */
  const tick = async (): Promise<boolean> => {
    try {
      for (;;) {
        const claimed = await due.claim(now(), LEASE_MS, BATCH);
        if (claimed.length > 0) await handOver(claimed);
        if (claimed.length < BATCH || stopped) break;
      }
      lastError = "";
      return true;
    } catch (error) {
      // Said once per kind of failure, not ten times a second.
      if (errorMessage(error) !== lastError)
        logger.warn({ err: errorMessage(error) }, "could not queue due work; will retry");
      lastError = errorMessage(error);
      return false;
    }
  };

  const schedule = (delayMs: number): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().then((ok) => schedule(ok ? intervalMs : RETRY_MS));
    }, delayMs);
    timer.unref();
  };
  schedule(intervalMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
