import type { GrantQuery, GrantStore } from "../../../src/app/ports/grant-store.port.js";
import { subjectOf } from "../../../src/domain/grant/grant-subject.js";
import { OPEN_STATUSES, type Grant, type GrantStatus } from "../../../src/domain/grant/grant.js";

/**
 * The grant store with the Redis store's contract: `replace` succeeds only when the stored version is
 * the expected one. `interfereBeforeNextReplace` stands for another writer that wins the race between
 * a use case's read and its write: its change lands first, so the use case's compare-and-set fails.
 */
export class MemoryGrantStore implements GrantStore {
  private readonly grants = new Map<string, Grant>();
  private interference: ((stored: Grant) => Grant | undefined) | undefined;
  /** Compare-and-set writes that lost (the stored version had moved). */
  conflicts = 0;

  constructor(grants: Grant[] = []) {
    for (const grant of grants) this.grants.set(grant.id, structuredClone(grant));
  }

  async create(grant: Grant): Promise<void> {
    if (this.grants.has(grant.id)) throw new Error(`grant ${grant.id} already exists`);
    this.grants.set(grant.id, structuredClone(grant));
  }

  async get(id: string): Promise<Grant | undefined> {
    const grant = this.grants.get(id);
    return grant ? structuredClone(grant) : undefined;
  }

  async replace(grant: Grant, expectedVersion: number): Promise<boolean> {
    const interfere = this.interference;
    this.interference = undefined;
    const before = this.grants.get(grant.id);
    if (interfere && before) {
      const changed = interfere(structuredClone(before));
      if (changed) this.grants.set(grant.id, { ...changed, version: before.version + 1 });
    }
    const stored = this.grants.get(grant.id);
    if (!stored) return false;
    if (stored.version !== expectedVersion) {
      this.conflicts++;
      return false;
    }
    this.grants.set(grant.id, structuredClone(grant));
    return true;
  }

  async list(query: GrantQuery): Promise<Grant[]> {
    return [...this.grants.values()]
      .filter((g) => !query.requester || g.requester.slackUserId === query.requester)
      .filter((g) => !query.statuses || query.statuses.includes(g.status))
      .filter((g) => !query.vmName || subjectOf(g).vmName.toLowerCase() === query.vmName.toLowerCase())
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
      .slice(0, query.limit ?? 50)
      .map((g) => structuredClone(g));
  }

  async countOpen(): Promise<Partial<Record<GrantStatus, number>>> {
    const counts: Partial<Record<GrantStatus, number>> = {};
    for (const { status } of this.grants.values())
      if (OPEN_STATUSES.includes(status)) counts[status] = (counts[status] ?? 0) + 1;
    return counts;
  }

  /** The next `replace` finds the grant already changed by someone else (the version moves on). */
  interfereBeforeNextReplace(change: (stored: Grant) => Grant | undefined): void {
    this.interference = change;
  }

  /** The stored grant, for assertions; throws when there is none. */
  current(id: string): Grant {
    const grant = this.grants.get(id);
    if (!grant) throw new Error(`no grant ${id} in the store`);
    return structuredClone(grant);
  }
}
