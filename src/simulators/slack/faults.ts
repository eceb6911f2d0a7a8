import type { JsonObject, SlackFault } from "./types.js";

export interface FaultAnswer {
  status: number;
  body: JsonObject;
  headers: Record<string, string>;
}

/** Scripted failures, consumed in order per method, so a test can say "the next chat.update is rate limited". */
export class FaultQueue {
  private readonly pending = new Map<string, SlackFault[]>();

  add(method: string, fault: SlackFault, times: number): void {
    const queue = this.pending.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(fault);
    this.pending.set(method, queue);
  }

  take(method: string): FaultAnswer | undefined {
    const fault = this.pending.get(method)?.shift();
    return fault === undefined ? undefined : toAnswer(fault);
  }

  clear(): void {
    this.pending.clear();
  }
}

function toAnswer(fault: SlackFault): FaultAnswer {
  if (typeof fault === "string") return { status: 200, body: { ok: false, error: fault }, headers: {} };
  if ("status" in fault) {
    if ("retryAfter" in fault) {
      return {
        status: fault.status,
        body: { ok: false, error: "ratelimited" },
        headers: { "retry-after": String(fault.retryAfter) },
      };
    }
    return { status: fault.status, body: { ok: false, error: fault.error ?? "internal_error" }, headers: {} };
  }
  return { status: 200, body: { ok: false, error: fault.error, ...fault.extra }, headers: {} };
}
