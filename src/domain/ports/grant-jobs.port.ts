/** The work a grant schedules. Implementations must make each call idempotent per grant. */
export interface GrantJobs {
  authorize(grantId: string): Promise<void>;
  open(grantId: string): Promise<void>;
  /** The open job of a grant with a later start, due at `at` (the same job `open` queues, delayed). */
  scheduleOpen(grantId: string, at: Date): Promise<void>;
  /** Replaces any close already scheduled for the grant: there is only ever one. */
  scheduleClose(grantId: string, at: Date): Promise<void>;
  scheduleExpirePending(grantId: string, at: Date): Promise<void>;
  /** Ends a `from me` request whose link was never opened (runs the expire-pending use case). */
  scheduleSourceLinkExpiry(grantId: string, at: Date): Promise<void>;
  scheduleReminder(grantId: string, at: Date, round: number): Promise<void>;
  scheduleExpiryNotice(grantId: string, at: Date): Promise<void>;
}
