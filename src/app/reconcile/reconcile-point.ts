import { isAzureFirewallId, isFirewallPolicyId } from "../../domain/firewall/firewall-target.js";
import type { Deps } from "../deps.js";
import { reconcileFirewallPoint } from "./reconcile-firewall-point.js";
import { reconcileNsg, type PassResult } from "./reconcile-nsg.js";

/** Enforcement points are NSGs, and Azure Firewalls (or Firewall Policies) in front of VMs. */
export const isFirewallPoint = (id: string): boolean => isAzureFirewallId(id) || isFirewallPolicyId(id);

/** One reconcile of one enforcement point, whichever kind it is. */
export function reconcilePoint(deps: Deps, id: string, signal?: AbortSignal): Promise<PassResult> {
  return isFirewallPoint(id) ? reconcileFirewallPoint(deps, id, signal) : reconcileNsg(deps, id, signal);
}
