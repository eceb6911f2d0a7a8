import type { Deps } from "../../app/deps.js";
import { announceById } from "../../app/jobs/announce-grant.js";
import { authorizeGrant } from "../../app/jobs/authorize-grant.js";
import { expirePending } from "../../app/jobs/expire-pending.js";
import { notifyExpiringSoon } from "../../app/jobs/notify-expiring-soon.js";
import { openGrant } from "../../app/jobs/open-grant.js";
import { remindApprovers } from "../../app/jobs/remind-approvers.js";
import { sweep } from "../../app/jobs/sweep.js";
import { verifyPathById } from "../../app/jobs/verify-path.js";
import { failGrant } from "../../app/shared/fail-grant.js";
import { rejectGrant } from "../../app/shared/reject-grant.js";
import type { GrantJobData, JobName } from "./job-names.js";
import { grantBackoff, reconcileBackoff, type Backoff } from "./retry-policy.js";

/**
 * One kind of grant job. `run` is the use case itself where its signature allows: a use case throws
 * (a non-retryable AjarError when the answer is final) and never gives up on its own. Only the
 * worker decides to give up, on a non-retryable error or after the last attempt, and then runs
 * `onGiveUp` with a reason fit for the requester.
 */
export interface JobSpec<D = Deps> {
  /** The job's name, the same as its key in the table (checked). */
  name: JobName;
  attempts: number;
  backoff: Backoff;
  run: (deps: D, grantId: string, signal: AbortSignal | undefined, data: GrantJobData) => Promise<unknown>;
  /** Tells whoever is waiting that this will not happen. Jobs without it have no one waiting. */
  onGiveUp?: (deps: D, grantId: string, reason: string) => Promise<void>;
}

/** A table of grant jobs: exactly one spec per job name, each naming itself. */
export type JobTable<D = Deps> = { [N in JobName]: JobSpec<D> & { name: N } };

/**
 * Every grant job: how often it is tried, how long it waits between tries, what runs it and what
 * giving up means. Authorizing and opening give up after a while and say so; the others retry
 * quietly and leave the sweep to pick up what they could not do.
 */
export const JOBS = {
  authorize: { name: "authorize", attempts: 6, backoff: grantBackoff, run: authorizeGrant, onGiveUp: rejectGrant },
  open: { name: "open", attempts: 8, backoff: grantBackoff, run: openGrant, onGiveUp: failGrant },
  announce: { name: "announce", attempts: 5, backoff: grantBackoff, run: announceJob },
  "expire-pending": { name: "expire-pending", attempts: 20, backoff: grantBackoff, run: expirePending },
  remind: {
    name: "remind",
    attempts: 3,
    backoff: grantBackoff,
    run: (deps, grantId, _signal, data) => remindApprovers(deps, grantId, data.round ?? 1),
  },
  "expiry-notice": { name: "expiry-notice", attempts: 3, backoff: grantBackoff, run: notifyExpiringSoon },
  sweep: { name: "sweep", attempts: 1, backoff: grantBackoff, run: sweepJob },
} satisfies JobTable;

async function announceJob(
  deps: Deps,
  grantId: string,
  signal: AbortSignal | undefined,
  data: GrantJobData,
): Promise<void> {
  await announceById(deps, grantId, data.notice);
  // Once every rule landed, prove the path: "opened, but blocked by …" beats a plain "open".
  if (data.notice === "opened") await verifyPathById(deps, grantId, signal);
}

async function sweepJob(deps: Deps, _grantId: string, signal: AbortSignal | undefined): Promise<void> {
  const report = await sweep(deps, signal);
  deps.logger.info(
    {
      job: "sweep",
      nsgsScanned: report.nsgsScanned,
      reconciles: report.reconciles.length,
      requeued: report.grantsRequeued,
      failed: report.grantsFailed,
      errors: report.errors,
    },
    "sweep finished",
  );
}

/**
 * The NSG reconcile job sits apart, on its own queue with its own worker: its data names an NSG,
 * not a grant; it runs with many more slots (it waits on ARM); it moves itself back to delayed
 * while another process holds the NSG; and it never gives up, because a rule left open is the one
 * outcome a JIT tool must not have, so there is nothing for an `onGiveUp` to say.
 */
export const RECONCILE_JOB = { attempts: 1_000_000, backoff: reconcileBackoff } as const;
