import type { Grant } from "../../domain/grant/grant.js";
import type { AuditEntry } from "./audit-log.port.js";

/** What a new grant waits for once recorded: its authorization, the requester's address link to run out, or nothing (a bundle follower, moved by its leader). */
export type IntakeNext = { kind: "authorize" } | { kind: "source-link-expiry"; at: Date } | { kind: "none" };

/**
 * Where a request enters: the grant's record, its audit entry and its next job, stored together
 * so a request is either wholly taken or not at all, in one write the requester waits for. The job
 * itself may be queued a moment later (the implementation's worker moves it on), never lost.
 */
export interface GrantIntake {
  /** Throws if a grant with this id exists (nothing is written then). */
  submit(grant: Grant, audit: AuditEntry, next: IntakeNext): Promise<void>;
}
