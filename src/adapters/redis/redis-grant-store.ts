import type { Redis } from "ioredis";

import type { GrantQuery, GrantStore } from "../../app/ports/grant-store.port.js";
import { subjectOf } from "../../domain/grant/grant-subject.js";
import { FINAL_STATUSES, OPEN_STATUSES, type Grant, type GrantStatus } from "../../domain/grant/grant.js";
import { decodeGrant, encodeGrant, LEGACY_JSON_FIELD, RECORD_FIELDS } from "./grant-codec.js";
import { grantKeys, type GrantKeys } from "./grant-keys.js";
import { CREATE, createArguments, FORGET, REPLACE } from "./grant-scripts.js";

/** Finished grants stay readable this long; the audit stream is the permanent record. */
export const FINISHED_RETENTION_SECONDS = 90 * 24 * 3600;

/** How many lapsed grants one trim removes: a finish never pays for a long backlog at once. */
const TRIM_BATCH = 100;

/** Records read per round trip when paging through an index. */
const PAGE = 200;

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
    const { keys, args } = createArguments(this.keys, grant);
    const created = await this.redis.eval(CREATE, keys.length, ...keys, ...args);
    if (created !== 1) throw new Error(`grant ${grant.id} already exists`);
  }

  async get(id: string): Promise<Grant | undefined> {
    return (await this.read([id]))[0];
  }

  async replace(grant: Grant, expectedVersion: number): Promise<boolean> {
    const { keys } = this;
    const finished = FINAL_STATUSES.includes(grant.status);
    const now = this.now();
    const result = await this.redis.eval(
      REPLACE,
      4,
      keys.record(grant.id),
      keys.open,
      keys.finished,
      keys.legacyOpen,
      String(expectedVersion),
      String(grant.version),
      encodeGrant(grant),
      finished ? "1" : "0",
      grant.id,
      String(this.retentionSeconds),
      String(now + this.retentionSeconds * 1000),
      grant.requester.slackUserId,
      grant.status,
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
    const { keys } = this;
    const due = await this.redis.zrangebyscore(keys.finished, "-inf", String(now), "LIMIT", 0, batch);
    let removed = 0;
    for (const member of due) {
      const [id = "", requester = ""] = member.split(" ");
      const done = await this.redis.eval(
        FORGET,
        4,
        keys.record(id),
        keys.byTime,
        keys.byUser(requester),
        keys.finished,
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
    for (let start = 0; out.length < limit;) {
      const ids = await this.redis.zrevrange(index, start, start + PAGE - 1);
      if (ids.length === 0) break;
      const grants = await this.read(ids);
      // An id whose record is gone (expired before trims existed) is dropped from this index.
      const gone = ids.filter((_, i) => grants[i] === undefined);
      if (gone.length > 0) await this.redis.zrem(index, ...gone);
      // Removed entries shift the rest up: the next page starts that much earlier.
      start += PAGE - gone.length;
      for (const grant of grants) {
        if (!grant || !matches(grant, query)) continue;
        out.push(grant);
        if (out.length >= limit) break;
      }
    }
    return out;
  }

  async countOpen(): Promise<Partial<Record<GrantStatus, number>>> {
    const counts: Partial<Record<GrantStatus, number>> = {};
    for (const status of Object.values(await this.openStatuses())) counts[status] = (counts[status] ?? 0) + 1;
    return counts;
  }

  /**
   * Unfinished grants come from their own hash, by status, not from paging through every grant kept:
   * the sweeper and every App Home ask for them all the time, and mostly for one status.
   */
  private async listOpen(query: GrantQuery, limit: number): Promise<Grant[]> {
    const statuses = await this.openStatuses();
    const ids = Object.keys(statuses).filter((id) => query.statuses!.includes(statuses[id]!));
    const read = await this.read(ids);
    // An entry left by a release that did not keep this hash (a rolling upgrade) is dropped here.
    const stale = ids.filter((_, i) => !read[i] || FINAL_STATUSES.includes(read[i].status));
    if (stale.length > 0) await this.redis.hdel(this.keys.open, ...stale);
    const grants = read.filter((g): g is Grant => g !== undefined && matches(g, query));
    return grants.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)).slice(0, limit);
  }

  /** id → status of every unfinished grant; those an earlier release kept in a plain set are moved over first. */
  private async openStatuses(): Promise<Record<string, GrantStatus>> {
    const { keys } = this;
    const legacy = await this.redis.smembers(keys.legacyOpen);
    if (legacy.length > 0) {
      const multi = this.redis.multi();
      for (const grant of await this.read(legacy))
        if (grant && OPEN_STATUSES.includes(grant.status)) multi.hsetnx(keys.open, grant.id, grant.status);
      await multi.srem(keys.legacyOpen, ...legacy).exec();
    }
    return (await this.redis.hgetall(keys.open)) as Record<string, GrantStatus>;
  }

  /** The records of `ids`, in order, undefined where there is none; PAGE per round trip. */
  private async read(ids: string[]): Promise<(Grant | undefined)[]> {
    const out: (Grant | undefined)[] = [];
    for (let i = 0; i < ids.length; i += PAGE) {
      const pipeline = this.redis.pipeline();
      for (const id of ids.slice(i, i + PAGE))
        pipeline.hmgetBuffer(this.keys.record(id), RECORD_FIELDS.grant, LEGACY_JSON_FIELD);
      for (const [, fields] of (await pipeline.exec()) ?? []) {
        const [encoded, legacy] = (fields as (Buffer | null)[] | null) ?? [];
        const stored = encoded ?? legacy;
        out.push(stored ? decodeGrant(stored) : undefined);
      }
    }
    return out;
  }
}

const matches = (grant: Grant, query: GrantQuery): boolean =>
  (!query.statuses || query.statuses.includes(grant.status)) &&
  (!query.vmName || subjectOf(grant).vmName.toLowerCase() === query.vmName.toLowerCase());
