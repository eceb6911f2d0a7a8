import type { Grant } from "../grant/grant.js";
import type { SecurityRuleInfo } from "../ports/network-access.port.js";
import { planAllowRule, type AllowPlan } from "./plan-allow-rule.js";

/** The allow rule for a grant in one NSG, whether it is being opened or its expiry rewritten. */
export function planGrantRule(grant: Grant, privateIps: string[], rules: SecurityRuleInfo[], lockdownPriority: number, expiresAt: Date): AllowPlan {
  return planAllowRule({
    grantId: grant.id,
    requester: grant.requester.displayName ?? grant.requester.slackUserId,
    port: grant.target.port,
    protocol: grant.target.protocol,
    source: grant.source,
    privateIps,
    expiresAt,
    rules,
    lockdownPriority,
  });
}
