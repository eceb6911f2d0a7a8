import type { AuditEntry, AuditLog } from "../../../src/app/ports/audit-log.port.js";
import type { GrantIntake, IntakeNext } from "../../../src/app/ports/grant-intake.port.js";
import type { GrantJobs } from "../../../src/app/ports/grant-jobs.port.js";
import type { GrantStore } from "../../../src/app/ports/grant-store.port.js";
import type { Grant } from "../../../src/domain/grant/grant.js";

/**
 * The intake over the in-memory store, audit and jobs: the record, the entry and the job land where
 * the Redis intake and its drain put them, at once (nothing between them can fail here).
 */
export class MemoryGrantIntake implements GrantIntake {
  constructor(
    private readonly store: GrantStore,
    private readonly audit: AuditLog,
    private readonly jobs: GrantJobs,
  ) {}

  async submit(grant: Grant, entry: AuditEntry, next: IntakeNext): Promise<void> {
    await this.store.create(grant);
    await this.audit.append(entry);
    if (next.kind === "authorize") await this.jobs.authorize(grant.id);
    if (next.kind === "source-link-expiry") await this.jobs.scheduleSourceLinkExpiry(grant.id, next.at);
  }
}
