import type { Redis } from "ioredis";

import type { GrantJobs } from "../../app/ports/grant-jobs.port.js";
import type { Logger } from "../../app/ports/logger.port.js";
import { errorMessage } from "../../domain/errors.js";
import { decodeIntakeEntry, intakeKeys } from "./intake-entry.js";

/** Entries handed over together: one wait, one move of the rest, their jobs queued side by side. */
const BATCH = 100;

// Moves up to ARGV[1] more entries, oldest first, in one round trip.
const TAKE = `
local taken = {}
for i = 1, tonumber(ARGV[1]) do
  local entry = redis.call('LMOVE', KEYS[1], KEYS[2], 'RIGHT', 'LEFT')
  if not entry then break end
  taken[#taken + 1] = entry
end
return taken
`;

export interface IntakeDrainOptions {
  /** How long one wait for an entry blocks; stopping does not wait for it. */
  blockSeconds?: number;
  /** The pause after Redis failed, before trying again. */
  retryMs?: number;
}

/**
 * Moves intake entries (redis-grant-intake.ts) onto the job queue, in the worker. Each entry is
 * moved atomically to a hand-over list before its job is queued and removed from there after, so a
 * crash in between leaves it where the next start finds it: nothing is lost, and queueing twice is
 * harmless (a job's id is fixed per grant, and a grant past `requested` ignores a second authorize).
 * Entries go in batches, so a busy worker still keeps up with a burst of requests. Several workers
 * may drain at once; each entry is taken by one.
 */
export class RedisIntakeDrain {
  private readonly blocking: Redis;
  private readonly keys: ReturnType<typeof intakeKeys>;
  private stopped = false;
  private following: Promise<void> | undefined;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly jobs: Pick<GrantJobs, "authorize" | "scheduleSourceLinkExpiry">,
    private readonly logger: Logger,
    private readonly options: IntakeDrainOptions = {},
  ) {
    this.keys = intakeKeys(prefix);
    // A blocking wait holds its connection: it gets its own, so the worker's commands never queue behind it.
    this.blocking = redis.duplicate();
    this.blocking.on("error", () => undefined);
  }

  /** Finishes what a stopped or crashed drain left half-done, then follows the intake list. */
  async start(): Promise<void> {
    await this.resume();
    this.following = this.follow();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // An entry whose move raced this lands in the hand-over list, where the next start finds it.
    this.blocking.disconnect();
    await this.following;
  }

  /** Hands over every entry left in the hand-over list; returns how many there were. */
  async resume(): Promise<number> {
    const left = (await this.redis.lrange(this.keys.handing, 0, -1)).reverse();
    for (let i = 0; i < left.length; i += BATCH) await this.handOver(left.slice(i, i + BATCH));
    return left.length;
  }

  private async follow(): Promise<void> {
    const block = this.options.blockSeconds ?? 5;
    // After a failure the entries it was handing over wait in the hand-over list: they go first.
    let behind = false;
    while (!this.stopped) {
      try {
        if (behind) await this.resume();
        behind = false;
        const first = await this.blocking.blmove(this.keys.waiting, this.keys.handing, "RIGHT", "LEFT", block);
        if (first === null) continue;
        const more = (await this.redis.eval(TAKE, 2, this.keys.waiting, this.keys.handing, BATCH - 1)) as string[];
        await this.handOver([first, ...more]);
      } catch (error) {
        if (this.stopped) return;
        behind = true;
        this.logger.warn(
          { err: errorMessage(error) },
          "intake drain: could not hand requests to the queue; trying again",
        );
        await new Promise((resolve) => setTimeout(resolve, this.options.retryMs ?? 1000));
      }
    }
  }

  /** Queues the entries' jobs side by side; clears those queued, and throws if any was not. */
  private async handOver(entries: string[]): Promise<void> {
    const outcomes = await Promise.allSettled(entries.map((entry) => this.queue(entry)));
    const done = entries.filter((_, i) => outcomes[i]!.status === "fulfilled");
    if (done.length > 0) await this.redis.pipeline(done.map((entry) => ["lrem", this.keys.handing, 1, entry])).exec();
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (failed) throw failed.reason;
  }

  private async queue(entry: string): Promise<void> {
    const taken = decodeIntakeEntry(entry);
    if (!taken) this.logger.error({ entry }, "intake drain: dropped an entry it cannot read");
    else if (taken.next.kind === "authorize") await this.jobs.authorize(taken.grantId);
    else await this.jobs.scheduleSourceLinkExpiry(taken.grantId, taken.next.at);
  }
}
