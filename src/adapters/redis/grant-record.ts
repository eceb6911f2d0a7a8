import type { Grant } from "../../domain/grant/grant.js";
import type { GrantKeys } from "./grant-keys.js";
import { upgradeStoredGrant, type StoredGrant } from "./legacy-grant.js";

/** How a grant is stored in its record's `json` field. Every writer and reader goes through these two. */
export const encodeGrant = (grant: Grant): string => JSON.stringify(grant);
export const decodeGrant = (stored: string): Grant => upgradeStoredGrant(JSON.parse(stored) as StoredGrant);

/**
 * Creates a grant's record and its indexes, only if it does not exist yet: returns 1, or 0 when it
 * does. The intake runs this same script inside its own (see redis-grant-intake.ts).
 */
export const CREATE_GRANT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'json', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
redis.call('SADD', KEYS[4], ARGV[4])
return 1
`;

/** The KEYS and ARGV of CREATE_GRANT for one new grant. */
export function createGrantArgs(keys: GrantKeys, grant: Grant): { keys: string[]; argv: string[] } {
  return {
    keys: [keys.record(grant.id), keys.byTime, keys.byUser(grant.requester.slackUserId), keys.open],
    argv: [String(grant.version), encodeGrant(grant), String(Date.parse(grant.createdAt)), grant.id],
  };
}
