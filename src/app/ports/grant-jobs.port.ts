import type { GrantNotice } from "./grant-notifier.port.js";

/** The work a grant schedules. Implementations must make each call idempotent per grant. */
export interface GrantJobs {
  authorize(grantId: string): Promise<void>;
  open(grantId: string): Promise<void>;
  /** The open job of a grant with a later start, due at `at` (the same job `open` queues, delayed). */
  scheduleOpen(grantId: string, at: Date): Promise<void>;
  scheduleExpirePending(grantId: string, at: Date): Promise<void>;
  /** Ends a `from me` request whose link was never opened (runs the expire-pending use case). */
  scheduleSourceLinkExpiry(grantId: string, at: Date): Promise<void>;
  scheduleReminder(grantId: string, at: Date, round: number): Promise<void>;
  scheduleExpiryNotice(grantId: string, at: Date): Promise<void>;
  /** Tells everyone concerned about a change, off the path that made it (reconcile passes stay short). */
  announce(grantId: string, notice: GrantNotice): Promise<void>;
}
