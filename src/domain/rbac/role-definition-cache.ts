import type { RoleDefinitionInfo } from "../ports/permission-source.port.js";
import { ExpiringMap } from "../time/expiring-map.js";

export interface RoleDefinitionCache {
  /**
   * The definition, from cache or `load`. Concurrent callers share one load. Failed loads are
   * forgotten at once so the next caller retries. `signal` only stops this caller waiting: the
   * shared load keeps going for the others.
   */
  get(
    roleDefinitionId: string,
    load: (roleDefinitionId: string) => Promise<RoleDefinitionInfo>,
    signal?: AbortSignal,
  ): Promise<RoleDefinitionInfo>;
  clear(): void;
  readonly size: number;
}

export interface RoleDefinitionCacheOptions {
  ttlMs: number;
  now: () => number;
  /** Definitions kept at most (an estate has a few hundred custom roles at the very most). */
  maxEntries?: number;
}

/** Role definitions change rarely and every permission check reads several: cache them briefly. */
export function createRoleDefinitionCache(options: RoleDefinitionCacheOptions): RoleDefinitionCache {
  if (!(options.ttlMs >= 0)) throw new RangeError(`ttlMs must be zero or more, got ${options.ttlMs}`);
  const entries = new ExpiringMap<string, Promise<RoleDefinitionInfo>>(
    options.ttlMs,
    options.maxEntries ?? 2000,
    options.now,
  );

  return {
    get(roleDefinitionId, load, signal) {
      const key = roleDefinitionId.toLowerCase();
      let promise = entries.get(key);
      if (promise === undefined) {
        // The executor turns a synchronous throw from `load` into a rejection like any other failure.
        const created = new Promise<RoleDefinitionInfo>((resolve) => resolve(load(roleDefinitionId)));
        promise = created;
        entries.set(key, created);
        created.catch(() => {
          if (entries.get(key) === created) entries.delete(key);
        });
      }
      return signal === undefined ? promise : raceAbort(promise, signal);
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
