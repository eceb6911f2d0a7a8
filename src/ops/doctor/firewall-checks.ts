import type { Settings } from "../../app/settings.js";
import { resourceName } from "../../domain/azure-id/resource-id.js";
import { configuredFirewalls } from "../../domain/firewall/firewall-for-vm.js";
import type { FirewallTarget } from "../../domain/firewall/firewall-target.js";
import type { PermissionBlock, RoleDefinitionInfo } from "../../domain/ports/permission-source.port.js";
import { evaluatePermissions } from "../../domain/rbac/index.js";
import { resourceGroupOf } from "../policy-scopes.js";
import { writeActionsFor } from "../role/firewall-actions.js";
import type { AzureProbe } from "./azure-probe.js";
import { errorText, fail, pass, type CheckResult } from "./check.js";

const roleHint = (target: FirewallTarget): string => {
  const rg = resourceGroupOf(target.id);
  const scope = rg ? `/subscriptions/${rg.subscriptionId}/resourceGroups/${rg.resourceGroup}` : target.id;
  return `assign ajar's identity the role \`ajar role --bot\` prints with this configuration (it lists the firewall actions) at ${scope}`;
};

/** Reads the firewall as ajar will, and checks what the configuration expects of it. */
async function readCheck(
  target: FirewallTarget,
  readFirewall: NonNullable<AzureProbe["readFirewall"]>,
): Promise<CheckResult> {
  const name = `azure firewall ${resourceName(target.id)}`;
  try {
    const snap = await readFirewall(target.id);
    const addresses = snap.publicIps.map((p) => p.address);
    const wanted = snap.publicIps.find(
      (p) => p.address === target.publicIp || p.id.toLowerCase() === target.publicIp.toLowerCase(),
    );
    if (!wanted)
      return fail(
        name,
        `publicIp ${target.publicIp} is not one of its public IPs (${addresses.join(", ") || "none"})`,
        "set firewall.publicIp to one of the firewall's public IP addresses or publicIPAddresses ids",
      );
    if (snap.privateRanges.length === 0)
      return fail(name, "its AzureFirewallSubnet address range could not be read", roleHint(target));
    const owned = snap.owned
      ? `${snap.owned.rules.length} ajar DNAT rules at priority ${snap.owned.priority}`
      : "no ajar DNAT rules yet";
    return pass(
      name,
      `${snap.model === "policy" ? "Firewall Policy" : "classic rules"}; grants connect to ${wanted.address}; NSGs must admit ${snap.privateRanges.join(", ")}; ${owned}`,
    );
  } catch (error) {
    return fail(name, errorText(error), roleHint(target));
  }
}

/** Whether ajar's identity may write its part of the firewall, judged from its own permission list. */
async function writeCheck(target: FirewallTarget, probe: AzureProbe): Promise<CheckResult> {
  const name = `azure firewall write ${resourceName(target.id)}`;
  const rg = resourceGroupOf(target.id);
  if (!rg) return fail(name, `${target.id} is not inside a resource group`, "use the firewall's full resource id");
  let blocks: PermissionBlock[];
  try {
    blocks = await probe.callerPermissions(rg.subscriptionId, rg.resourceGroup);
  } catch (error) {
    return fail(name, `cannot list its own permissions: ${errorText(error)}`, roleHint(target));
  }
  const definitions = new Map<string, RoleDefinitionInfo>(
    blocks.map((b, i) => [`block-${i}`, { id: `block-${i}`, roleName: `role #${i + 1}`, permissions: [b] }]),
  );
  const decision = evaluatePermissions({
    principalId: "caller",
    scope: target.id,
    requiredActions: writeActionsFor(target),
    assignments: blocks.map((_, i) => ({
      id: `assignment-${i}`,
      scope: target.id,
      roleDefinitionId: `block-${i}`,
      principalId: "caller",
    })),
    definitions,
    denyAssignments: [],
  });
  return decision.allowed
    ? pass(name, `${writeActionsFor(target).length} firewall actions granted`)
    : fail(name, `missing ${decision.missing.map((m) => m.action).join(", ")}`, roleHint(target));
}

/** One read check and one write check per firewall the configuration names. */
export async function checkFirewalls(settings: Settings, probe: AzureProbe): Promise<CheckResult[]> {
  const targets = configuredFirewalls(settings.policies);
  if (targets.length === 0) return [];
  if (!probe.readFirewall)
    return [
      fail(
        "azure firewalls",
        "this doctor cannot read firewalls",
        "run the doctor of this ajar version with its own Azure probe",
      ),
    ];
  const readFirewall = (id: string) => probe.readFirewall!(id);
  const results: CheckResult[] = [];
  for (const target of targets) results.push(await readCheck(target, readFirewall), await writeCheck(target, probe));
  return results;
}
