import type { AuditEntry, AuditLog } from "../../../src/app/ports/audit-log.port.js";

/** The audit stream, kept in order. */
export class RecordingAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];

  async append(entry: AuditEntry): Promise<void> {
    this.entries.push(entry);
  }

  async read(options: { since?: Date; limit?: number }): Promise<AuditEntry[]> {
    const since = options.since?.getTime() ?? 0;
    return this.entries.filter((e) => Date.parse(e.at) >= since).slice(0, options.limit ?? Infinity);
  }

  /** The events recorded for a grant, oldest first. */
  events(grantId: string): string[] {
    return this.entries.filter((e) => e.grantId === grantId).map((e) => e.event);
  }
}
