import type { Settings } from "../../app/settings.js";
import { parseResourceId } from "../../domain/azure-id/resource-id.js";
import { policiesFor } from "../../domain/policy/match-policy.js";
import type { VmSummary } from "../../domain/ports/network-access.port.js";
import type { PermissionBlock, RoleDefinitionInfo } from "../../domain/ports/permission-source.port.js";
import { denyBlocks, evaluatePermissions } from "../../domain/rbac/index.js";
import { policyScopes, resourceGroupOf, resourceGroupScope } from "../policy-scopes.js";
import { RULE_WRITE_ACTIONS } from "../role/role-actions.js";
import type { AzureProbe } from "./azure-probe.js";
import { errorText, fail, pass, warn, type CheckResult } from "./check.js";
import { checkFirewalls } from "./firewall-checks.js";

const roleHint = (scope: string): string =>
  `assign ajar's identity a role with these actions at ${scope} (\`ajar role --bot --scope ${scope}\` prints one; Reader plus Network Contributor also works)`;

async function attempt(name: string, scope: string, work: () => Promise<string>): Promise<CheckResult> {
  try {
    return pass(name, await work());
  } catch (error) {
    return fail(name, errorText(error), roleHint(scope));
  }
}

/**
 * Whether ajar's identity can do its job at every scope the configuration reaches: list VMs, NICs
 * and NSGs, read RBAC (to check requesters), and write rules in each resource group that holds an
 * NSG of a covered VM. Writing is judged from the caller's own permission list, never by writing.
 */
export async function checkAzure(settings: Settings, probe: AzureProbe): Promise<CheckResult[]> {
  const scopes = policyScopes(settings);
  const results: CheckResult[] = [];
  if (scopes.subscriptions.length === 0) {
    return [
      fail(
        "azure scopes",
        "no subscription configured",
        "list subscriptions under azure.subscriptions or name one in each policy's vms selector",
      ),
    ];
  }

  const vmsBySub = await Promise.all(
    scopes.subscriptions.map(async (scope) => {
      const subscriptionId = parseResourceId(scope).subscriptionId;
      try {
        const vms = await probe.listVms([subscriptionId]);
        results.push(pass(`azure read vms ${scope}`, `${vms.length} VMs`));
        return vms;
      } catch (error) {
        results.push(
          fail(
            `azure read vms ${scope}`,
            errorText(error),
            `${roleHint(scope)} (Microsoft.Compute/virtualMachines/read)`,
          ),
        );
        return [];
      }
    }),
  );

  for (const scope of [...scopes.subscriptions, ...scopes.resourceGroups]) {
    results.push(
      await attempt(`azure read network ${scope}`, scope, async () => {
        const nics = await probe.listNetworkInterfaces(scope);
        const nsgs = await probe.listNetworkSecurityGroups(scope);
        return `${nics} NICs, ${nsgs} NSGs on the first page`;
      }),
      await attempt(`azure read rbac ${scope}`, scope, async () => {
        const assignments = await probe.listRoleAssignments(scope);
        const definitions = await probe.listRoleDefinitions(scope);
        return `${assignments} role assignments, ${definitions} role definitions on the first page`;
      }),
    );
  }

  const covered = vmsBySub.flat().filter((vm) => policiesFor(settings.policies, vm).length > 0);
  if (covered.length === 0 && vmsBySub.flat().length > 0) {
    results.push(
      warn(
        "azure coverage",
        "no VM matches any policy's vms selectors",
        "check the selectors (subscriptionId, resourceGroup, namePattern, tags) against `ajar scan`",
      ),
    );
  }
  results.push(...overlapChecks(settings, covered));
  const writeScopes = new Map(scopes.resourceGroups.map((s) => [s.toLowerCase(), s] as const));
  for (const vm of covered) {
    try {
      const network = await probe.resolveVmNetwork(vm.id);
      for (const nsgId of network.nsgIds) {
        const rg = resourceGroupOf(nsgId);
        if (rg)
          writeScopes.set(
            resourceGroupScope(rg.subscriptionId, rg.resourceGroup).toLowerCase(),
            resourceGroupScope(rg.subscriptionId, rg.resourceGroup),
          );
      }
    } catch (error) {
      results.push(fail(`azure read network of ${vm.name}`, errorText(error), roleHint(vm.id)));
    }
  }
  for (const scope of writeScopes.values()) results.push(...(await writeCheck(scope, probe)));
  results.push(...(await checkFirewalls(settings, probe)));
  return results;
}

/** VMs several policies cover: the strictest applies, which may surprise whoever wrote the laxer one. */
function overlapChecks(settings: Settings, vms: VmSummary[]): CheckResult[] {
  const overlaps = vms.flatMap((vm) => {
    const names = policiesFor(settings.policies, vm).map((p) => p.name);
    return names.length > 1 ? [`${vm.name} (${names.join(", ")})`] : [];
  });
  if (overlaps.length === 0) return [];
  return [
    warn(
      "policy overlap",
      `${overlaps.length} VM${overlaps.length === 1 ? "" : "s"} covered by more than one policy: ${overlaps.join("; ")}`,
      "the strictest policy (most approvals, then shortest maximum) applies per port; narrow the selectors if that is not what you meant",
    ),
  ];
}

async function writeCheck(scope: string, probe: AzureProbe): Promise<CheckResult[]> {
  const name = `azure write rules ${scope}`;
  const rg = resourceGroupOf(scope)!;
  let blocks: PermissionBlock[];
  try {
    blocks = await probe.callerPermissions(rg.subscriptionId, rg.resourceGroup);
  } catch (error) {
    return [fail(name, `cannot list its own permissions: ${errorText(error)}`, roleHint(scope))];
  }
  // Each permission block stands for one role assignment reaching the scope.
  const definitions = new Map<string, RoleDefinitionInfo>(
    blocks.map((b, i) => [`block-${i}`, { id: `block-${i}`, roleName: `role #${i + 1}`, permissions: [b] }]),
  );
  const decision = evaluatePermissions({
    principalId: "caller",
    scope,
    requiredActions: RULE_WRITE_ACTIONS,
    assignments: blocks.map((_, i) => ({
      id: `assignment-${i}`,
      scope,
      roleDefinitionId: `block-${i}`,
      principalId: "caller",
    })),
    definitions,
    denyAssignments: [],
  });
  const results = [
    decision.allowed
      ? pass(name, "securityRules read/write/delete granted")
      : fail(name, `missing ${decision.missing.map((m) => m.action).join(", ")}`, roleHint(scope)),
  ];
  // ARM's permission list ignores deny assignments, and whom one applies to needs ajar's object id.
  try {
    const denies = (await probe.listDenyAssignments(scope)).filter((d) =>
      RULE_WRITE_ACTIONS.some((a) => denyBlocks(d, a)),
    );
    if (denies.length > 0) {
      results.push(
        warn(
          `azure deny assignments ${scope}`,
          `${denies.map((d) => d.name ?? d.id).join(", ")} block NSG rule changes`,
          "make sure ajar's identity is excluded from them",
        ),
      );
    }
  } catch (error) {
    results.push(fail(`azure deny assignments ${scope}`, errorText(error), roleHint(scope)));
  }
  return results;
}
