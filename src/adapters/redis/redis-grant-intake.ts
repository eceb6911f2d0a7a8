import type { Redis } from "ioredis";

import type { AuditEntry } from "../../app/ports/audit-log.port.js";
import type { GrantIntake, IntakeNext } from "../../app/ports/grant-intake.port.js";
import type { Grant } from "../../domain/grant/grant.js";
import { grantKeys, type GrantKeys } from "./grant-keys.js";
import { CREATE, createArguments } from "./grant-scripts.js";
import { encodeIntakeEntry, intakeKeys } from "./intake-entry.js";
import { AUDIT_RETENTION_SECONDS, auditFields, auditKey, auditMinId } from "./redis-audit-log.js";

// The store's own create script, run as a function so its `return` ends only that part. The last
// two KEYS are the audit stream and the intake list; the last ARGV says where the intake's own
// arguments start (after the create's): MINID, the intake entry ('' for none), the audit fields.
const INTAKE = `
local function create()
${CREATE}
end
if create() ~= 1 then return 0 end
local base = tonumber(ARGV[#ARGV])
local fields = {}
for i = base + 3, #ARGV - 1 do fields[#fields + 1] = ARGV[i] end
redis.call('XADD', KEYS[#KEYS - 1], 'MINID', '=', ARGV[base + 1], '*', unpack(fields))
if ARGV[base + 2] ~= '' then redis.call('LPUSH', KEYS[#KEYS], ARGV[base + 2]) end
return 1
`;

export interface RedisGrantIntakeOptions {
  /** The audit stream's retention (grants.auditRetention), applied on every append as RedisAuditLog does. */
  retentionSeconds?: number;
  now?: () => number;
}

/**
 * The request path's single write: one script records the grant and its indexes (the store's own
 * create), appends its audit entry and pushes its next job onto the intake list, atomically and in
 * one round trip. BullMQ cannot add a job inside a script, so the worker's intake drain
 * (redis-intake-drain.ts) turns each entry into its job.
 */
export class RedisGrantIntake implements GrantIntake {
  private readonly keys: GrantKeys;
  private readonly audit: string;
  private readonly waiting: string;
  private readonly retentionMs: number;
  private readonly now: () => number;

  constructor(
    private readonly redis: Redis,
    prefix = "ajar:",
    options: RedisGrantIntakeOptions = {},
  ) {
    this.keys = grantKeys(prefix);
    this.audit = auditKey(prefix);
    this.waiting = intakeKeys(prefix).waiting;
    this.retentionMs = (options.retentionSeconds ?? AUDIT_RETENTION_SECONDS) * 1000;
    this.now = options.now ?? Date.now;
  }

  async submit(grant: Grant, audit: AuditEntry, next: IntakeNext): Promise<void> {
    const create = createArguments(this.keys, grant);
    const keys = [...create.keys, this.audit, this.waiting];
    const argv = [
      ...create.args,
      auditMinId(this.now(), this.retentionMs),
      encodeIntakeEntry(grant.id, next) ?? "",
      ...auditFields(audit),
      String(create.args.length),
    ];
    const created = await this.redis.eval(INTAKE, keys.length, ...keys, ...argv);
    if (created !== 1) throw new Error(`grant ${grant.id} already exists`);
  }
}
