/**
 * ARM throttles writes per subscription. A one-second sliding window is enough to exercise the
 * client's 429 handling; ARM's real buckets are per hour and per region.
 */
export class WriteRateLimiter {
  private readonly windows = new Map<string, number[]>();

  constructor(private limitPerSecond: number | undefined) {}

  setLimit(limitPerSecond: number | undefined): void {
    this.limitPerSecond = limitPerSecond;
  }

  /** Records a write attempt; `allowed: false` means answer 429. */
  take(subscriptionKey: string, now: number): { allowed: boolean; remaining: number; retryAfterMs: number } {
    const limit = this.limitPerSecond;
    if (limit === undefined) return { allowed: true, remaining: 1199, retryAfterMs: 0 };
    const recent = (this.windows.get(subscriptionKey) ?? []).filter((t) => t > now - 1000);
    if (recent.length >= limit) {
      this.windows.set(subscriptionKey, recent);
      return { allowed: false, remaining: 0, retryAfterMs: (recent[0] as number) + 1000 - now };
    }
    recent.push(now);
    this.windows.set(subscriptionKey, recent);
    return { allowed: true, remaining: limit - recent.length, retryAfterMs: 0 };
  }

  reset(): void {
    this.windows.clear();
  }
}
