import { randomBytes } from "node:crypto";

/**
 * Message timestamps ("1732500000.000100") double as message ids in Slack, so they must be unique
 * and strictly increasing even when two messages land in the same microsecond.
 */
export class TsClock {
  private lastMicros = 0;

  next(): string {
    const nowMicros = Date.now() * 1000;
    this.lastMicros = nowMicros > this.lastMicros ? nowMicros : this.lastMicros + 1;
    const seconds = Math.floor(this.lastMicros / 1_000_000);
    const micros = this.lastMicros % 1_000_000;
    return `${seconds}.${String(micros).padStart(6, "0")}`;
  }
}

/** Slack-looking ids ("V00000001", "D00000002"): an uppercase prefix and a counter, readable in test output. */
export function idFactory(prefix: string): () => string {
  let n = 0;
  return () => {
    n += 1;
    return `${prefix}${n.toString(36).toUpperCase().padStart(8, "0")}`;
  };
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

/** Same three-part layout as real trigger ids ("13345224609.738474920.8088930838d88f008e0"). */
export function triggerIdFactory(): () => string {
  let n = 0;
  return () => {
    n += 1;
    return `${Math.floor(Date.now() / 1000)}${n}.${Math.floor(Math.random() * 1e9)}.${randomHex(16)}`;
  };
}

/** View hashes change on every update; views.update/publish with a stale hash get hash_conflict. */
export function viewHash(): string {
  return `${(Date.now() / 1000).toFixed(6)}.${randomHex(4)}`;
}
