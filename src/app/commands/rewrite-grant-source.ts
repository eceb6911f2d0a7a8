import type { Grant } from "../../domain/grant/grant.js";
import type { Deps } from "../deps.js";
import { loadGrant } from "../shared/mutate-grant.js";

/**
 * Makes the grant's rules in Azure carry the source on its record (after `/jit move`). The record is
 * the truth and the NSG reconciler writes rules from it: asking its NSGs to converge rewrites each rule
 * in place (same name and priority, new source), or ends the grant if an administrator's deny now
 * covers the new address.
 */
export async function rewriteGrantSource(deps: Deps, grantId: string): Promise<Grant> {
  const grant = await loadGrant(deps.store, grantId);
  if (grant.status === "active" && grant.network) await deps.reconciles.request(grant.network.nsgIds);
  return grant;
}
