import { AjarError } from "../../domain/errors.js";
import type { AuthorizedGrant } from "../../domain/grant/grant.js";
import type { VmSummary } from "../../domain/ports/network-access.port.js";
import { describeDecision } from "../../domain/rbac/index.js";
import type { Deps } from "../deps.js";
import { policyOfGrant } from "../settings.js";
import { checkRequesterRbac } from "./check-requester-rbac.js";
import { recheckIdentity } from "./recheck-identity.js";

/**
 * An approval can come an hour after the request, and an extension hours later: the requester must
 * still be someone ajar knows, and still hold the Azure permissions, when it matters. Returns why not,
 * or undefined when they still may. RBAC that cannot be read throws (the job retries), never passes.
 */
export async function recheckRequester(
  deps: Deps,
  grant: AuthorizedGrant,
  vm: Pick<VmSummary, "id">,
  signal?: AbortSignal,
  options: { rbacFreshForMs?: number } = {},
): Promise<string | undefined> {
  // Mapped again as at request time (identities, Slack's email, Entra ID read fresh): a removed entry,
  // a disabled or deleted Entra account, or an email now pointing elsewhere gets nothing more.
  const identity = await recheckIdentity(deps, grant, signal);
  if (!identity.ok) {
    if (identity.retryable) throw new AjarError("IDENTITY.UNAVAILABLE", identity.reason, { retryable: true });
    return `the requester is no longer mapped to that Azure identity: ${identity.reason}`;
  }
  const policy = policyOfGrant(deps.settings, grant);
  if (!policy) return `the policy ${grant.policyName} no longer exists`;
  // A decision seconds old (a grant that needs no approval, or one approved at once) stands.
  const checkedAt = Date.parse(grant.rbac?.checkedAt ?? "");
  if (options.rbacFreshForMs !== undefined && deps.clock.now().getTime() - checkedAt < options.rbacFreshForMs)
    return undefined;
  const decision = await checkRequesterRbac(deps, grant.requester.objectId, vm.id, policy, signal);
  return decision.allowed ? undefined : describeDecision(decision);
}
