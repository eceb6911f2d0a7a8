interface Waiter<T> {
  match: (item: T) => boolean;
  resolve: (item: T) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * An append-only log that tests can wait on. The app under test reacts asynchronously (after ack),
 * so a test asks "resolve once such an entry exists" instead of sleeping.
 */
export class WaitableList<T> {
  private readonly items: T[] = [];
  private readonly waiters = new Set<Waiter<T>>();

  constructor(private readonly describeItem: (item: T) => string) {}

  get all(): readonly T[] {
    return this.items;
  }

  push(item: T): void {
    this.items.push(item);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(item)) {
        this.waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.resolve(item);
      }
    }
  }

  clear(): void {
    this.items.length = 0;
  }

  /** Past entries count too: the entry may have arrived before the test started waiting. */
  waitFor(match: (item: T) => boolean, timeoutMs: number, what: string): Promise<T> {
    const found = this.items.find(match);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        match,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          const seen = this.items.map(this.describeItem).join(", ") || "nothing";
          reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; seen: ${seen}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  cancelWaiters(reason: string): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(reason));
    }
    this.waiters.clear();
  }
}
