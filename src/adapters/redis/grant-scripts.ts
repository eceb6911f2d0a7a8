import type { Grant } from "../../domain/grant/grant.js";
import { encodeGrant } from "./grant-codec.js";
import type { GrantKeys } from "./grant-keys.js";

/**
 * The grant store's Lua scripts: each change to a record and its indexes happens in one script, so
 * no reader ever sees one without the other.
 */

// KEYS: record, by-time, by-user, open. ARGV: version, encoded grant, created (ms), id, status.
export const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'z', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
redis.call('HSET', KEYS[4], ARGV[4], ARGV[5])
return 1
`;

/**
 * CREATE's keys and arguments for `grant`: what the store runs, and what anything that writes a new
 * grant in a script of its own passes on, so both write the same record and index entries.
 */
export function createArguments(keys: GrantKeys, grant: Grant): { keys: string[]; args: (string | Buffer)[] } {
  return {
    keys: [keys.record(grant.id), keys.byTime, keys.byUser(grant.requester.slackUserId), keys.open],
    args: [String(grant.version), encodeGrant(grant), String(Date.parse(grant.createdAt)), grant.id, grant.status],
  };
}

// Compare-and-set, so two approvers (or two workers) can never both win. A grant that finishes is
// scheduled for removal in grants:finished (score: when its retention ends; member: "<id>
// <requester>", so the trim can find its per-user index without the record). Its record also
// expires a day after that, in case no trim ever runs again. A record still in the JSON of before
// loses that copy here, and the set of open grants of before its entry.
// KEYS: record, open, finished, legacy open. ARGV: expected version, version, encoded grant,
// finished (1/0), id, retention (s), retention end (ms), requester, status.
export const REPLACE = `
local cur = redis.call('HGET', KEYS[1], 'v')
if not cur then return -1 end
if tonumber(cur) ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'z', ARGV[3])
redis.call('HDEL', KEYS[1], 'json')
redis.call('SREM', KEYS[4], ARGV[5])
if ARGV[4] == '1' then
  redis.call('HDEL', KEYS[2], ARGV[5])
  redis.call('EXPIRE', KEYS[1], tonumber(ARGV[6]) + 86400)
  redis.call('ZADD', KEYS[3], ARGV[7], ARGV[5] .. ' ' .. ARGV[8])
else
  redis.call('HSET', KEYS[2], ARGV[5], ARGV[9])
  redis.call('ZREM', KEYS[3], ARGV[5] .. ' ' .. ARGV[8])
end
return 1
`;

// Removes one lapsed grant everywhere it is indexed, only if it is still due (not reopened since).
// KEYS: record, by-time, by-user, finished. ARGV: member, id, now (ms).
export const FORGET = `
local score = redis.call('ZSCORE', KEYS[4], ARGV[1])
if not score or tonumber(score) > tonumber(ARGV[3]) then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('ZREM', KEYS[3], ARGV[2])
redis.call('ZREM', KEYS[4], ARGV[1])
return 1
`;
