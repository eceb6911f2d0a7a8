import type { Redis } from "ioredis";

import type { AuditEntry, AuditLog } from "../../app/ports/audit-log.port.js";

/** Default for grants.auditRetention: a little over a year, what most audit regimes ask for. */
export const AUDIT_RETENTION_SECONDS = 400 * 86_400;

/** XRANGE page size when reading everything (an export). */
const PAGE = 10_000;

/** The audit stream's key under a prefix. */
export const auditKey = (prefix: string): string => `${prefix}audit`;

const FIELDS = [
  "at",
  "event",
  "grantId",
  "actor",
  "requester",
  "vm",
  "port",
  "source",
  "durationSeconds",
  "justification",
  "detail",
] as const satisfies readonly (keyof AuditEntry)[];

/**
 * An entry as the stream's field/value list. Every entry has the same fields in the same order
 * (absent ones empty): Redis then stores the field names once per stream node instead of once per entry.
 */
export const auditFields = (entry: AuditEntry): string[] => FIELDS.flatMap((k) => [k, String(entry[k] ?? "")]);

/** The oldest stream id kept (XADD/XTRIM MINID): stream ids are milliseconds. */
export const auditMinId = (nowMs: number, retentionMs: number): string => `${Math.max(0, nowMs - retentionMs)}-0`;

export interface RedisAuditLogOptions {
  /** Entries older than this are trimmed (XTRIM MINID) as new ones are appended. */
  retentionSeconds?: number;
  now?: () => number;
}

/**
 * An append-only Redis stream: ordered, cheap to append, and readable by time range for `ajar audit`.
 * Stream ids are milliseconds, so the retention is applied as a MINID trim on every append: the
 * stream never holds more than the retention window (export with `ajar audit --json` before).
 */
export class RedisAuditLog implements AuditLog {
  private readonly retentionMs: number;
  private readonly now: () => number;

  constructor(
    private readonly redis: Redis,
    private readonly prefix = "ajar:",
    options: RedisAuditLogOptions = {},
  ) {
    this.retentionMs = (options.retentionSeconds ?? AUDIT_RETENTION_SECONDS) * 1000;
    this.now = options.now ?? Date.now;
  }

  private key = (): string => auditKey(this.prefix);

  async append(entry: AuditEntry): Promise<void> {
    await this.redis.xadd(this.key(), "MINID", "=", this.minId(), "*", ...auditFields(entry));
  }

  /** Applies the retention now; returns how many entries went. */
  async trim(): Promise<number> {
    return this.redis.xtrim(this.key(), "MINID", "=", this.minId());
  }

  async read(options: { since?: Date; limit?: number }): Promise<AuditEntry[]> {
    let start = options.since ? String(options.since.getTime()) : "-";
    const wanted = options.limit ?? Infinity;
    const out: AuditEntry[] = [];
    // Without a limit, page through all of it: an export must not stop silently at one page.
    while (out.length < wanted) {
      const rows = await this.redis.xrange(this.key(), start, "+", "COUNT", Math.min(PAGE, wanted - out.length));
      for (const [, fields] of rows) out.push(toEntry(fields));
      const last = rows[rows.length - 1];
      if (last === undefined || rows.length < PAGE) break;
      start = `(${last[0]}`;
    }
    return out;
  }

  private minId(): string {
    return auditMinId(this.now(), this.retentionMs);
  }
}

function toEntry(fields: string[]): AuditEntry {
  const map: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) map[fields[i]!] = fields[i + 1]!;
  return {
    at: map.at ?? "",
    event: map.event ?? "",
    grantId: map.grantId ?? "",
    actor: map.actor ?? "",
    requester: map.requester ?? "",
    vm: map.vm ?? "",
    port: Number(map.port ?? 0),
    source: map.source ?? "",
    ...(map.durationSeconds ? { durationSeconds: Number(map.durationSeconds) } : {}),
    ...(map.justification ? { justification: map.justification } : {}),
    ...(map.detail ? { detail: map.detail } : {}),
  };
}
