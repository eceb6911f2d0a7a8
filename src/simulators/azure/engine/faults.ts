/**
 * Fault injection for resilience tests. `failNext` is deterministic (the next N matching requests);
 * `setFaultRate` is random but seeded, so a failing test can be replayed exactly.
 */

/** An HTTP status to answer with, `drop` (destroy the socket), or `hang` (never answer). */
export type FaultKind = number | "drop" | "hang";

export interface FaultMatch {
  method?: string;
  /** A string matches as a case-insensitive substring of the path; a RegExp is tested against it. */
  path?: string | RegExp;
}

interface FaultCommon {
  status: FaultKind;
  match?: FaultMatch;
  /** ARM error code in the body; defaults per status (InternalServerError, ServiceUnavailable...). */
  code?: string;
  message?: string;
  /** Retry-After sent with 429/503 faults. */
  retryAfterSeconds?: number;
}

export interface FailNextSpec extends FaultCommon {
  /** How many matching requests fail; default 1. */
  count?: number;
}

export interface FaultRateSpec extends FaultCommon {
  /** Probability 0..1 that a matching request fails. */
  rate: number;
  /** PRNG seed; the same seed fails the same sequence of requests. */
  seed?: number;
}

export type InjectedFault = FaultCommon;

interface Armed extends FaultCommon {
  remaining: number;
}

interface RandomRule extends FaultCommon {
  rate: number;
  next: () => number;
}

/** mulberry32: tiny, seedable, good enough to pick which requests fail. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function matches(match: FaultMatch | undefined, method: string, path: string): boolean {
  if (!match) return true;
  if (match.method && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match.path instanceof RegExp) return match.path.test(path);
  if (typeof match.path === "string") return path.toLowerCase().includes(match.path.toLowerCase());
  return true;
}

export class FaultInjector {
  private armed: Armed[] = [];
  private random: RandomRule[] = [];

  failNext(spec: FailNextSpec): void {
    const { count, ...rest } = spec;
    this.armed.push({ ...rest, remaining: count ?? 1 });
  }

  setFaultRate(spec: FaultRateSpec): void {
    if (spec.rate < 0 || spec.rate > 1) throw new RangeError("rate must be between 0 and 1");
    const { seed, ...rest } = spec;
    this.random.push({ ...rest, next: seededRandom(seed ?? 1) });
  }

  clear(): void {
    this.armed = [];
    this.random = [];
  }

  /** The fault to apply to this request, consuming one deterministic fault if one matches. */
  pick(method: string, path: string): InjectedFault | undefined {
    const armed = this.armed.find((f) => f.remaining > 0 && matches(f.match, method, path));
    if (armed) {
      armed.remaining -= 1;
      this.armed = this.armed.filter((f) => f.remaining > 0);
      return armed;
    }
    for (const rule of this.random) {
      if (matches(rule.match, method, path) && rule.next() < rule.rate) return rule;
    }
    return undefined;
  }

  pending(): number {
    return this.armed.reduce((n, f) => n + f.remaining, 0);
  }
}
