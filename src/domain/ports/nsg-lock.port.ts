/**
 * ARM does not honour If-Match on NSG writes and rejects concurrent operations, so every change to
 * one NSG runs under a lock shared by all workers.
 */
export interface NsgLock {
  withLock<T>(nsgId: string, work: () => Promise<T>): Promise<T>;
}
