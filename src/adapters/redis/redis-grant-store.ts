import type { Redis } from "ioredis";

import type { GrantQuery, GrantStore } from "../../app/ports/grant-store.port.js";
import { subjectOf } from "../../domain/grant/grant-subject.js";
import { FINAL_STATUSES, OPEN_STATUSES, type Grant } from "../../domain/grant/grant.js";
import { grantKeys, type GrantKeys } from "./grant-keys.js";
import { CREATE_GRANT, createGrantArgs, decodeGrant, encodeGrant } from "./grant-record.js";

/** Finished grants stay readable this long; the audit stream is the permanent record. */
export const FINISHED_RETENTION_SECONDS = 90 * 24 * 3600;

/** How many lapsed grants one trim removes: a finish never pays for a long backlog at once. */
const TRIM_BATCH = 100;

// Compare-and-set in one script so two approvers (or two workers) can never both win. A grant that
// finishes is scheduled for removal in grants:finished (score: when its retention ends; member:
// "<id> <requester>", so the trim can find its per-user index without the record). Its record also
// expires a day after that, in case no trim ever runs again.
const REPLACE = `
local cur = redis.call('HGET', KEYS[1], 'v')
if not cur then return -1 end
if tonumber(cur) ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'json', ARGV[3])
if ARGV[4] == '1' then
  redis.call('SREM', KEYS[2], ARGV[5])
  redis.call('EXPIRE', KEYS[1], tonumber(ARGV[6]) + 86400)
  redis.call('ZADD', KEYS[3], ARGV[7], ARGV[5] .. ' ' .. ARGV[8])
else
  redis.call('SADD', KEYS[2], ARGV[5])
  redis.call('ZREM', KEYS[3], ARGV[5] .. ' ' .. ARGV[8])
end
return 1
`;

// Removes one lapsed grant everywhere it is indexed, only if it is still due (not reopened since).
const FORGET = `
local score = redis.call('ZSCORE', KEYS[4], ARGV[1])
if not score or tonumber(score) > tonumber(ARGV[3]) then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('ZREM', KEYS[3], ARGV[2])
redis.call('ZREM', KEYS[4], ARGV[1])
return 1
`;

export interface RedisGrantStoreOptions {
  /** How long a finished grant stays readable (and listed); then its record and index entries go. */
  finishedRetentionSeconds?: number;
  now?: () => number;
}

export class RedisGrantStore implements GrantStore {
  private readonly retentionSeconds: number;
  private readonly now: () => number;
  private readonly keys: GrantKeys;

  constructor(
    private readonly redis: Redis,
    prefix = "ajar:",
    options: RedisGrantStoreOptions = {},
  ) {
    this.retentionSeconds = options.finishedRetentionSeconds ?? FINISHED_RETENTION_SECONDS;
    this.now = options.now ?? Date.now;
    this.keys = grantKeys(prefix);
  }

  async create(grant: Grant): Promise<void> {
    const { keys, argv } = createGrantArgs(this.keys, grant);
    const created = await this.redis.eval(CREATE_GRANT, keys.length, ...keys, ...argv);
    if (created !== 1) throw new Error(`grant ${grant.id} already exists`);
  }

  async get(id: string): Promise<Grant | undefined> {
    const json = await this.redis.hget(this.keys.record(id), "json");
    return json ? decodeGrant(json) : undefined;
  }

  async replace(grant: Grant, expectedVersion: number): Promise<boolean> {
    const finished = FINAL_STATUSES.includes(grant.status);
    const now = this.now();
    const result = await this.redis.eval(
      REPLACE,
      3,
      this.keys.record(grant.id),
      this.keys.open,
      this.keys.finished,
      String(expectedVersion),
      String(grant.version),
      encodeGrant(grant),
      finished ? "1" : "0",
      grant.id,
      String(this.retentionSeconds),
      String(now + this.retentionSeconds * 1000),
      grant.requester.slackUserId,
    );
    // Each finish also clears a batch of grants whose retention ended, so storage stays bounded
    // by the retention without a separate job.
    // The replace itself has committed: a failed trim must not look like a lost race, and the next
    // finish tries again.
    if (result === 1 && finished) await this.trim(now).catch(() => 0);
    return result === 1;
  }

  /**
   * Removes grants whose retention ended: the record and its entries in grants:by-time and the
   * requester's grants:by-user index, together. Returns how many went; at most `batch` per call.
   */
  async trim(now = this.now(), batch = TRIM_BATCH): Promise<number> {
    const due = await this.redis.zrangebyscore(this.keys.finished, "-inf", String(now), "LIMIT", 0, batch);
    let removed = 0;
    for (const member of due) {
      const [id = "", requester = ""] = member.split(" ");
      const done = await this.redis.eval(
        FORGET,
        4,
        this.keys.record(id),
        this.keys.byTime,
        this.keys.byUser(requester),
        this.keys.finished,
        member,
        id,
        String(now),
      );
      if (done === 1) removed++;
    }
    return removed;
  }

  async list(query: GrantQuery): Promise<Grant[]> {
    const limit = query.limit ?? 50;
    const onlyOpen =
      !query.requester &&
      query.statuses !== undefined &&
      query.statuses.length > 0 &&
      query.statuses.every((s) => OPEN_STATUSES.includes(s));
    if (onlyOpen) return this.listOpen(query, limit);
    const index = query.requester ? this.keys.byUser(query.requester) : this.keys.byTime;
    const out: Grant[] = [];
    const page = 200;
    for (let start = 0; out.length < limit;) {
      const ids = await this.redis.zrevrange(index, start, start + page - 1);
      if (ids.length === 0) break;
      const jsons = await this.redis.pipeline(ids.map((id) => ["hget", this.keys.record(id), "json"])).exec();
      // An id whose record is gone (expired before trims existed) is dropped from this index.
      const gone = ids.filter((_, i) => typeof jsons?.[i]?.[1] !== "string");
      if (gone.length > 0) await this.redis.zrem(index, ...gone);
      // Removed entries shift the rest up: the next page starts that much earlier.
      start += page - gone.length;
      for (const [, json] of jsons ?? []) {
        if (typeof json !== "string") continue;
        const grant = decodeGrant(json);
        if (query.statuses && !query.statuses.includes(grant.status)) continue;
        if (query.vmName && subjectOf(grant).vmName.toLowerCase() !== query.vmName.toLowerCase()) continue;
        out.push(grant);
        if (out.length >= limit) break;
      }
    }
    return out;
  }

  /**
   * Unfinished grants come from their own set, not from paging through every grant kept: the
   * sweeper, the metrics gauge and approvers' lists ask for them all the time.
   */
  private async listOpen(query: GrantQuery, limit: number): Promise<Grant[]> {
    const ids = await this.redis.smembers(this.keys.open);
    if (ids.length === 0) return [];
    const jsons = await this.redis.pipeline(ids.map((id) => ["hget", this.keys.record(id), "json"])).exec();
    const grants = (jsons ?? [])
      .map(([, json]) => (typeof json === "string" ? decodeGrant(json) : undefined))
      .filter((g): g is Grant => g !== undefined && (!query.statuses || query.statuses.includes(g.status)))
      .filter((g) => !query.vmName || subjectOf(g).vmName.toLowerCase() === query.vmName.toLowerCase());
    return grants.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)).slice(0, limit);
  }
}
