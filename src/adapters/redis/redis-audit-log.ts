import type { Redis } from "ioredis";
import type { AuditEntry, AuditLog } from "../../domain/ports/audit-log.port.js";

/** An append-only Redis stream: ordered, cheap to append, and readable by time range for `ajar audit`. */
export class RedisAuditLog implements AuditLog {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = "ajar:",
  ) {}

  private key = (): string => `${this.prefix}audit`;

  async append(entry: AuditEntry): Promise<void> {
    const fields = Object.entries(entry).flatMap(([k, v]) => (v === undefined ? [] : [k, String(v)]));
    await this.redis.xadd(this.key(), "*", ...fields);
  }

  async read(options: { since?: Date; limit?: number }): Promise<AuditEntry[]> {
    const start = options.since ? String(options.since.getTime()) : "-";
    const rows = await this.redis.xrange(this.key(), start, "+", "COUNT", options.limit ?? 10_000);
    return rows.map(([, fields]) => toEntry(fields));
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
    durationSeconds: Number(map.durationSeconds ?? 0),
    ...(map.justification !== undefined ? { justification: map.justification } : {}),
    ...(map.detail !== undefined ? { detail: map.detail } : {}),
  };
}
