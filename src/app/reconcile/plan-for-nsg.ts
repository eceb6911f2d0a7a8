import type { Grant } from "../../domain/grant/grant.js";
import type { SecurityRuleInfo } from "../../domain/ports/network-access.port.js";
import { planNsg, type NsgPlan, type NsgVm } from "../../domain/rules/plan-nsg.js";
import type { Settings } from "../settings.js";
import { grantWants, type GrantWant } from "./grant-wants.js";

export interface NsgPlanWithWants {
  plan: NsgPlan;
  wants: Map<string, GrantWant>;
}

/** The plan for one NSG from its rules as read and what Redis says about its grants and VMs. */
export function planForNsg(
  settings: Settings,
  rules: SecurityRuleInfo[],
  grants: Grant[],
  vms: { vms: NsgVm[]; complete: boolean },
  now: number,
): NsgPlanWithWants {
  const wants = new Map(
    grants.map((g) => [g.id, grantWants(g, settings, now, vms.complete ? vms.vms : undefined)] as const),
  );
  const plan = planNsg({
    rules,
    vms: vms.vms,
    vmsComplete: vms.complete,
    grants: [...wants.values()].flatMap((w) => (w.wants ? [w.rule] : [])),
    lockdownPriority: settings.lockdownPriority,
  });
  return { plan, wants };
}
