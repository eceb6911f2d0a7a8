/**
 * Where a grant lives in Redis under a key prefix: its record and the indexes that find it. The
 * store and anything else that writes grants (a one-round-trip intake) use these, so there is one
 * layout.
 */
export interface GrantKeys {
  /** The record: a hash of the version (RECORD_FIELDS.version) and the encoded grant. */
  record(id: string): string;
  /** Every grant kept, by creation time (ms). */
  byTime: string;
  /** One requester's grants, by creation time (ms). */
  byUser(slackUserId: string): string;
  /** Grants not finished yet: a hash of id → status, so they are counted and picked by status without reading them. */
  open: string;
  /** The set of unfinished grant ids that releases before `open` kept; read once to fill `open`, then gone. */
  legacyOpen: string;
  /** Finished grants by when their retention ends; members are `<id> <requester>`. */
  finished: string;
}

export function grantKeys(prefix = "ajar:"): GrantKeys {
  return {
    record: (id) => `${prefix}grant:${id}`,
    byTime: `${prefix}grants:by-time`,
    byUser: (slackUserId) => `${prefix}grants:by-user:${slackUserId}`,
    open: `${prefix}grants:status`,
    legacyOpen: `${prefix}grants:open`,
    finished: `${prefix}grants:finished`,
  };
}
