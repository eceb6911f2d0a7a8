import type { Grant } from "../../domain/grant/grant.js";
import type { AuditLog } from "../ports/audit-log.port.js";

/**
 * One audit line per transition, with the grant's who/what/where so the stream reads on its own. The
 * why (up to 500 characters) is said once, with the request, rather than on every line of the grant.
 */
export async function auditGrant(
  audit: AuditLog,
  grant: Grant,
  event: string,
  actor: string,
  detail?: string,
): Promise<void> {
  await audit.append({
    at: new Date().toISOString(),
    event,
    grantId: grant.id,
    actor,
    requester: grant.requester.slackUserId,
    vm: grant.target.vmName,
    port: grant.target.port,
    source: grant.source,
    durationSeconds: grant.durationSeconds,
    ...(grant.justification && event === "requested" ? { justification: grant.justification } : {}),
    ...(detail ? { detail } : {}),
  });
}
