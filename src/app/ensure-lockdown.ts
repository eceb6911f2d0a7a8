import { AjarError } from "../domain/errors.js";
import type { SecurityRuleInfo, VmNetwork } from "../domain/ports/network-access.port.js";
import { planLockdownRule } from "../domain/rules/plan-lockdown-rule.js";
import type { Deps } from "./deps.js";

/**
 * Makes sure the VM's "deny all inbound" rule for its policy ports exists in one NSG. Callers hold
 * the NSG lock. Only the rule named for this VM is ever written: nothing of the operator's moves.
 */
export async function ensureLockdownInNsg(
  deps: Pick<Deps, "network" | "settings" | "logger">,
  network: VmNetwork,
  nsgId: string,
  ports: number[],
  signal?: AbortSignal,
): Promise<{ priority: number; changed: boolean; rules: SecurityRuleInfo[] }> {
  const rules = await deps.network.listRules(nsgId, signal);
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
  // The NSG as it now stands, so callers under the same lock need not read it again.
  const written: SecurityRuleInfo = { ...plan.rule, sourcePortRanges: ["*"] };
  return { priority: plan.rule.priority, changed: true, rules: [...rules.filter((r) => r.name !== plan.rule.name), written] };
}
