import { AjarError } from "../domain/errors.js";
import type { SecurityRuleInfo, VmNetwork } from "../domain/ports/network-access.port.js";
import { planLockdownRule } from "../domain/rules/plan-lockdown-rule.js";
import type { Deps } from "./deps.js";
import { withRule } from "./nsg-changes.js";

/**
 * Makes sure the VM's "deny all inbound" rule for its policy ports exists in one NSG, given the NSG's
 * rules as they stand (callers run inside an NSG change). Only the rule named for this VM is ever
 * written: nothing of the operator's moves.
 */
export async function ensureLockdown(
  deps: Pick<Deps, "network" | "settings" | "logger">,
  network: VmNetwork,
  nsgId: string,
  ports: number[],
  rules: SecurityRuleInfo[],
  signal?: AbortSignal,
): Promise<{ priority: number; changed: boolean; rules: SecurityRuleInfo[] }> {
  const plan = planLockdownRule({
    vmName: network.vm.name,
    privateIps: network.privateIps,
    ports,
    rules,
    preferredPriority: deps.settings.lockdownPriority,
  });
  if (plan.action === "impossible") {
    throw new AjarError("CLOUD.REJECTED", `ajar could not lock down ${network.vm.name}: ${plan.reason}.`);
  }
  if (plan.action === "keep") return { priority: plan.rule.priority, changed: false, rules };
  await deps.network.putRule(nsgId, plan.rule, signal);
  deps.logger.info({ nsgId, vm: network.vm.name, priority: plan.rule.priority }, "lock-down rule written");
  return { priority: plan.rule.priority, changed: true, rules: withRule(rules, plan.rule) };
}
