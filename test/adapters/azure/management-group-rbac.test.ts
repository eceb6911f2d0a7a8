import { afterEach, describe, expect, it } from "vitest";

import { ArmClientCache } from "../../../src/adapters/azure/arm-clients.js";
import { AzurePermissionSource } from "../../../src/adapters/azure/azure-permission-source.js";
import {
  checkRequiredActions,
  createRoleDefinitionCache,
  DEFAULT_SCOPED_ACTIONS,
} from "../../../src/domain/rbac/index.js";
import { startAzureSimulator, type AzureSimulator } from "../../../src/simulators/azure/index.js";
import { CAROL, demoSeed, RG_ID, SUB, TOKEN, VM1 } from "../../simulators/azure/support/sim-fixture.js";

const MG_ROOT = "/providers/Microsoft.Management/managementGroups/mg-root";
const MG_CORP = "/providers/Microsoft.Management/managementGroups/mg-corp";
const MG_ROLE = "7b2c8e3f-1111-4c7e-9f0e-1a2b3c4d5e6f";

let sim: AzureSimulator;
afterEach(async () => sim?.close());

/** Carol holds Defender's request actions only through a custom role defined and assigned in a management group. */
async function startWithManagementGroups(assignAt: string): Promise<AzureSimulator> {
  const seed = await demoSeed();
  seed.managementGroups = [{ name: "mg-root" }, { name: "mg-corp", parent: "mg-root", subscriptions: [SUB] }];
  seed.roleDefinitions = [
    ...(seed.roleDefinitions ?? []),
    {
      id: MG_ROLE,
      roleName: "Corp JIT Requester",
      managementGroup: "mg-root",
      assignableScopes: [MG_ROOT],
      permissions: [{ actions: DEFAULT_SCOPED_ACTIONS.map((a) => a.action) }],
    },
  ];
  seed.roleAssignments = [
    ...(seed.roleAssignments ?? []),
    { role: "Corp JIT Requester", principal: "carol", scope: assignAt },
  ];
  return startAzureSimulator({ seed });
}

function sourceFor(s: AzureSimulator): AzurePermissionSource {
  const cache = new ArmClientCache({ endpoint: s.url, staticToken: TOKEN, retryOptions: { maxRetries: 0 } });
  return new AzurePermissionSource({ clients: (id) => cache.forSubscription(id) });
}

describe("RBAC inherited from management groups, through the real SDK", () => {
  it("lists an assignment made at an ancestor management group, with its management-group role definition id", async () => {
    sim = await startWithManagementGroups(MG_ROOT);
    const found = await sourceFor(sim).listRoleAssignments(RG_ID, CAROL);
    const mgRoleId = `${MG_ROOT}/providers/Microsoft.Authorization/roleDefinitions/${MG_ROLE}`;
    expect(found).toEqual([expect.objectContaining({ scope: MG_ROOT, roleDefinitionId: mgRoleId })]);
    const def = await sourceFor(sim).getRoleDefinition(mgRoleId);
    expect(def.roleName).toBe("Corp JIT Requester");
  });

  it("lets a management-group assignment satisfy every required action at its own scope", async () => {
    sim = await startWithManagementGroups(MG_CORP);
    const deps = { source: sourceFor(sim), definitionCache: createRoleDefinitionCache({ ttlMs: 0, now: () => 0 }) };
    expect((await checkRequiredActions(deps, CAROL, VM1, DEFAULT_SCOPED_ACTIONS)).allowed).toBe(true);
  });

  it("does not let a management group outside the subscription's chain reach it", async () => {
    const seed = await demoSeed();
    seed.managementGroups = [{ name: "mg-other" }];
    seed.roleAssignments = [
      ...(seed.roleAssignments ?? []),
      { role: "Reader", principal: "carol", scope: "/providers/Microsoft.Management/managementGroups/mg-other" },
    ];
    sim = await startAzureSimulator({ seed });
    expect(await sourceFor(sim).listRoleAssignments(VM1, CAROL)).toEqual([]);
  });
});
