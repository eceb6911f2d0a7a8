import type { Grant } from "../../domain/grant/grant.js";
import type { Deps } from "../deps.js";
import { announce } from "../jobs/announce-grant.js";
import { auditGrant } from "./audit-grant.js";
import { scheduleEnd } from "./schedule-end.js";

/** What follows a new end: the end reconciles and heads-up move, the rules get their new end, everyone is told. */
export async function afterExtension(deps: Deps, grant: Grant, actor: string): Promise<void> {
  await scheduleEnd(deps, grant, new Date(grant.expiresAt!));
  if (grant.network) await deps.reconciles.request(grant.network.nsgIds);
  await auditGrant(deps.audit, grant, "extended", actor, `until ${grant.expiresAt}`);
  await announce(deps, grant, "extended");
}
