import { subjectOf, windowOf } from "../../domain/grant/grant-subject.js";
import type { Grant } from "../../domain/grant/grant.js";
import type { AuditEntry, AuditLog } from "../ports/audit-log.port.js";

/**
 * One audit line per transition, with the grant's who/what/where so the stream reads on its own. The
 * why (up to 500 characters) is said once, with the request, rather than on every line of the grant.
 */
export function auditEntry(grant: Grant, event: string, actor: string, detail?: string): AuditEntry {
  const { vmName, port } = subjectOf(grant);
  const window = windowOf(grant);
  return {
    at: new Date().toISOString(),
    event,
    grantId: grant.id,
    actor,
    requester: grant.requester.slackUserId,
    vm: vmName,
    port,
    source: grant.source,
    ...(window !== undefined ? { durationSeconds: window } : {}),
    ...(grant.justification && event === "requested" ? { justification: grant.justification } : {}),
    ...(detail ? { detail } : {}),
  };
}

export async function auditGrant(
  audit: AuditLog,
  grant: Grant,
  event: string,
  actor: string,
  detail?: string,
): Promise<void> {
  await audit.append(auditEntry(grant, event, actor, detail));
}
