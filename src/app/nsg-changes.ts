import type { NetworkAccess, SecurityRuleInfo, SecurityRuleSpec } from "../domain/ports/network-access.port.js";
import type { NsgLock } from "../domain/ports/nsg-lock.port.js";

/** A change to one NSG: given its rules as they stand, write to Azure and say how they stand after. */
export type NsgTask<T> = (rules: SecurityRuleInfo[]) => Promise<{ result: T; rules: SecurityRuleInfo[] }>;

interface Queued {
  task: NsgTask<unknown>;
  needsRules: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Changes one lock holder applies before giving other workers a turn at the NSG. */
const MAX_BATCH = 20;

/** The NSG's rules after `spec` was written: it replaces any rule of the same name. */
export const withRule = (rules: SecurityRuleInfo[], spec: SecurityRuleSpec): SecurityRuleInfo[] => [
  ...rules.filter((r) => r.name !== spec.name),
  { ...spec, sourcePortRanges: ["*"] },
];

/**
 * Serializes and coalesces changes to each NSG. Changes to one NSG queue up in this process; whoever
 * arrives first takes the NSG's lock (shared by every worker), reads the rules once, and applies every
 * change queued meanwhile back to back, handing each the rules as the previous one left them. ARM
 * accepts one write per NSG at a time anyway; this removes a lock hand-off and an NSG read per change.
 * Writes stay one rule at a time: a whole-NSG PUT would overwrite changes made in the portal meanwhile,
 * since ARM does not honour If-Match on NSGs.
 */
export class NsgChanges {
  private readonly queues = new Map<string, Queued[]>();

  constructor(
    private readonly lock: NsgLock,
    private readonly network: NetworkAccess,
  ) {}

  /** `needsRules: false` for changes that do not plan against the NSG (a delete): no read just for them. */
  run<T>(nsgId: string, task: NsgTask<T>, options: { needsRules?: boolean } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const key = nsgId.toLowerCase();
      const entry: Queued = { task: task as NsgTask<unknown>, needsRules: options.needsRules ?? true, resolve: resolve as (value: unknown) => void, reject };
      const waiting = this.queues.get(key);
      if (waiting) {
        waiting.push(entry);
        return;
      }
      const queue = [entry];
      this.queues.set(key, queue);
      void this.drain(nsgId, key, queue);
    });
  }

  /** Deletes one rule (gone already is fine); a delete plans against nothing, so it reads nothing. */
  remove(nsgId: string, ruleName: string, signal?: AbortSignal): Promise<void> {
    return this.run(
      nsgId,
      async (rules) => {
        await this.network.deleteRule(nsgId, ruleName, signal);
        return { result: undefined, rules: rules.filter((r) => r.name !== ruleName) };
      },
      { needsRules: false },
    );
  }

  private async drain(nsgId: string, key: string, queue: Queued[]): Promise<void> {
    let more = false;
    try {
      await this.lock.withLock(nsgId, async () => {
        // Read once, when the first change that plans against the rules comes up.
        let rules: SecurityRuleInfo[] | undefined;
        for (let done = 0; ; done++) {
          if (done >= MAX_BATCH && queue.length > 0) {
            // Let other workers have a turn at this NSG; the rest of the queue waits for the lock again.
            more = true;
            return;
          }
          const entry = queue.shift();
          if (!entry) {
            // Synchronously with the emptiness check: a change arriving from now on starts a new batch.
            this.queues.delete(key);
            return;
          }
          try {
            if (entry.needsRules && rules === undefined) rules = await this.network.listRules(nsgId);
            const out = await entry.task(rules ?? []);
            if (rules !== undefined) rules = out.rules;
            entry.resolve(out.result);
          } catch (error) {
            entry.reject(error);
            // After a failed write the NSG may be in any state: read it again before the next change.
            rules = undefined;
          }
        }
      });
    } catch (error) {
      if (this.queues.get(key) === queue) this.queues.delete(key);
      for (const entry of queue.splice(0)) entry.reject(error);
      return;
    }
    if (more) await this.drain(nsgId, key, queue);
  }
}
