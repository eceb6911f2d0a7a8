import type { Redis } from "ioredis";

import { dueMember, nsgTag, parseDueMember, type DueEntry } from "./due-entry.js";

/** A due entry taken by one process to hand over to BullMQ; `claim` is what to release once it is queued. */
export interface Claimed {
  claim: string;
  dueAt: number;
  entry: DueEntry;
}

// Entries a process claimed but never released (it died) go back first, at their own time; then
// entries due by now move to the claimed set, leased until now + lease, as "<due at> <member>".
// KEYS: due, claimed. ARGV: now (ms), lease (ms), limit.
const CLAIM = `
local now = tonumber(ARGV[1])
for _, c in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))) do
  local at, member = string.match(c, '^(%d+) (.*)$')
  redis.call('ZREM', KEYS[2], c)
  if member then redis.call('ZADD', KEYS[1], 'NX', at, member) end
end
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for i = 1, #due, 2 do
  local claim = due[i + 1] .. ' ' .. due[i]
  redis.call('ZREM', KEYS[1], due[i])
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), claim)
  out[#out + 1] = claim
end
return out
`;

/**
 * Work that waits for its time, in one Redis sorted set (member: the entry, score: when it is due)
 * instead of one BullMQ delayed job each: a grant's end and heads-up cost a member each, not a job
 * hash and its index entries. Worker processes poll it (see due-poller.ts) and queue what is due as
 * ordinary BullMQ jobs, which keep their retries and crash recovery from there on.
 */
export class DueJobs {
  private readonly due: string;
  private readonly claimed: string;
  private readonly nsgs: string;

  constructor(
    private readonly redis: Redis,
    prefix = "ajar:",
  ) {
    this.due = `${prefix}due`;
    this.claimed = `${prefix}due:claimed`;
    this.nsgs = `${prefix}due:nsgs`;
  }

  /**
   * Schedules `entry` at `at`. The same entry scheduled again keeps its first time (as a job id
   * would), unless `move` says the new time replaces it.
   */
  async schedule(entry: DueEntry, at: Date, options: { move?: boolean } = {}): Promise<void> {
    const multi = this.redis.multi();
    if (entry.kind === "end") multi.hsetnx(this.nsgs, nsgTag(entry.nsgId), entry.nsgId);
    if (options.move) multi.zadd(this.due, String(at.getTime()), dueMember(entry));
    else multi.zadd(this.due, "NX", String(at.getTime()), dueMember(entry));
    await multi.exec();
  }

  /** What waits, with when it is due (entries being handed over included). */
  async list(): Promise<{ entry: DueEntry; at: number }[]> {
    const [waiting, claimed, nsgs] = await Promise.all([
      this.redis.zrange(this.due, "0", "-1", "WITHSCORES"),
      this.redis.zrange(this.claimed, "0", "-1"),
      this.redis.hgetall(this.nsgs),
    ]);
    const members: [string, number][] = [];
    for (let i = 0; i + 1 < waiting.length; i += 2) members.push([waiting[i]!, Number(waiting[i + 1])]);
    for (const claim of claimed) members.push(splitClaim(claim));
    return members.flatMap(([member, at]) => {
      const entry = parseDueMember(member, (tag) => nsgs[tag]);
      return entry ? [{ entry, at }] : [];
    });
  }

  /** Takes up to `limit` entries due by `now` for this process to queue; another process gets them back after `leaseMs`. */
  async claim(now: number, leaseMs: number, limit: number): Promise<Claimed[]> {
    const claims = (await this.redis.eval(CLAIM, 2, this.due, this.claimed, now, leaseMs, limit)) as string[];
    if (claims.length === 0) return [];
    const nsgs = claims.some((c) => splitClaim(c)[0].startsWith("e ")) ? await this.redis.hgetall(this.nsgs) : {};
    const taken: Claimed[] = [];
    const unknown: string[] = [];
    for (const claim of claims) {
      const [member, dueAt] = splitClaim(claim);
      const entry = parseDueMember(member, (tag) => nsgs[tag]);
      if (entry) taken.push({ claim, dueAt, entry });
      else unknown.push(claim);
    }
    // An entry nothing can run would come back after every lease: it goes.
    await this.release(unknown);
    return taken;
  }

  /** Entries now queued in BullMQ. */
  async release(claims: string[]): Promise<void> {
    if (claims.length > 0) await this.redis.zrem(this.claimed, ...claims);
  }
}

function splitClaim(claim: string): [string, number] {
  const space = claim.indexOf(" ");
  return [claim.slice(space + 1), Number(claim.slice(0, space))];
}
