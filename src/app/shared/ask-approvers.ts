import type { Grant } from "../../domain/grant/grant.js";
import type { Deps } from "../deps.js";
import { policyOfGrant } from "../settings.js";
import { rememberMessages } from "./mutate-grant.js";

/**
 * Posts the grant's approval card to each eligible approver and to the approval channel (the
 * policy's, else the default), and keeps those messages on the grant so every later change redraws
 * them. Returns the grant as stored.
 */
export async function askApprovers(deps: Deps, grant: Grant): Promise<Grant> {
  const policy = policyOfGrant(deps.settings, grant);
  const channel =
    (policy?.approval.mode !== "none" ? policy?.approval.channel : undefined) ?? deps.settings.approvalChannel;
  const posted = await deps.notifier.askApprovers(grant, grant.approval.eligible, channel);
  return (await rememberMessages(deps.store, grant.id, posted)) ?? grant;
}
