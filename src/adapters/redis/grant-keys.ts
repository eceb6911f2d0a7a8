/** Where a grant and its indexes live: the store and the intake write the same keys. */
export interface GrantKeys {
  record(id: string): string;
  /** Every grant kept, scored by creation time. */
  byTime: string;
  /** One requester's grants, scored by creation time. */
  byUser(slackUserId: string): string;
  /** Unfinished grants (a set), so the sweeper and gauges never page through history. */
  open: string;
  /** Finished grants awaiting removal, scored by the end of their retention. */
  finished: string;
}

export function grantKeys(prefix: string): GrantKeys {
  return {
    record: (id) => `${prefix}grant:${id}`,
    byTime: `${prefix}grants:by-time`,
    byUser: (slackUserId) => `${prefix}grants:by-user:${slackUserId}`,
    open: `${prefix}grants:open`,
    finished: `${prefix}grants:finished`,
  };
}
