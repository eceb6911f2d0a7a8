import type { Redis } from "ioredis";

import type { GrantJobs } from "../../app/ports/grant-jobs.port.js";
import type { Logger } from "../../app/ports/logger.port.js";
import { errorMessage } from "../../domain/errors.js";
import { decodeIntakeEntry, intakeKeys } from "./intake-entry.js";

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
 * Several workers may drain at once; each entry is taken by one.
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
    const left = await this.redis.lrange(this.keys.handing, 0, -1);
    for (const entry of left.reverse()) await this.handOver(entry);
    return left.length;
  }

  private async follow(): Promise<void> {
    const block = this.options.blockSeconds ?? 5;
    // After a failure the entry it was handing over waits in the hand-over list: that goes first.
    let behind = false;
    while (!this.stopped) {
      try {
        if (behind) await this.resume();
        behind = false;
        const entry = await this.blocking.blmove(this.keys.waiting, this.keys.handing, "RIGHT", "LEFT", block);
        if (entry !== null) await this.handOver(entry);
      } catch (error) {
        if (this.stopped) return;
        behind = true;
        this.logger.warn(
          { err: errorMessage(error) },
          "intake drain: could not hand a request to the queue; trying again",
        );
        await new Promise((resolve) => setTimeout(resolve, this.options.retryMs ?? 1000));
      }
    }
  }

  private async handOver(entry: string): Promise<void> {
    const taken = decodeIntakeEntry(entry);
    if (!taken) this.logger.error({ entry }, "intake drain: dropped an entry it cannot read");
    else if (taken.next.kind === "authorize") await this.jobs.authorize(taken.grantId);
    else await this.jobs.scheduleSourceLinkExpiry(taken.grantId, taken.next.at);
    await this.redis.lrem(this.keys.handing, 1, entry);
  }
}
