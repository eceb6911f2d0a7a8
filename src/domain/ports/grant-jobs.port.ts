import type { GrantNotice } from "./grant-notifier.port.js";

/** The work a grant schedules. Implementations must make each call idempotent per grant. */
export interface GrantJobs {
  authorize(grantId: string): Promise<void>;
  open(grantId: string): Promise<void>;
  scheduleExpirePending(grantId: string, at: Date): Promise<void>;
  scheduleReminder(grantId: string, at: Date, round: number): Promise<void>;
  scheduleExpiryNotice(grantId: string, at: Date): Promise<void>;
  /** Tells everyone concerned about a change, off the path that made it (reconcile passes stay short). */
  announce(grantId: string, notice: GrantNotice): Promise<void>;
}
