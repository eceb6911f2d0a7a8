import { afterEach, describe, expect, it } from "vitest";

import { ArmClientCache } from "../../../src/adapters/azure/arm-clients.js";
import { AzurePermissionSource } from "../../../src/adapters/azure/azure-permission-source.js";
import {
  EVERYONE_PRINCIPAL_ID,
  startAzureSimulator,
  type AzureSimulator,
} from "../../../src/simulators/azure/index.js";
import {
  ALICE,
  BOB,
  demoSeed,
  errorOf,
  JIT_GROUP,
  RG_ID,
  startDemoSimulator,
  SUB,
  TOKEN,
  VM1,
} from "../../simulators/azure/support/sim-fixture.js";

let sim: AzureSimulator;
afterEach(async () => sim?.close());

function sourceFor(s: AzureSimulator): AzurePermissionSource {
  const cache = new ArmClientCache({ endpoint: s.url, staticToken: TOKEN, retryOptions: { maxRetries: 0 } });
  return new AzurePermissionSource({ clients: (id) => cache.forSubscription(id) });
}

const JIT_ROLE_ID = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/5a1d7d2e-6b7a-4c7e-9f0e-1a2b3c4d5e6f`;

describe("AzurePermissionSource", () => {
  it("lists a user's assignments at and above the scope, including through groups", async () => {
    sim = await startDemoSimulator({ pageSize: 1 });
    const found = await sourceFor(sim).listRoleAssignments(VM1, ALICE);
    expect(found).toEqual([
      {
        id: expect.stringMatching(/roleAssignments\/[0-9a-f-]{36}$/),
        scope: RG_ID,
        roleDefinitionId: JIT_ROLE_ID,
        principalId: JIT_GROUP,
      },
    ]);
    const request = sim.requestLog().find((e) => e.path.endsWith("/roleAssignments"));
    expect(request?.path).toBe(`${VM1}/providers/Microsoft.Authorization/roleAssignments`);
  });

  it("keeps the condition so the evaluator can fail closed", async () => {
    sim = await startDemoSimulator();
    sim.addRoleAssignment({
      role: "Reader",
      principal: "bob",
      scope: RG_ID,
      condition: "@Resource[tag] StringEquals 'x'",
    });
    const found = await sourceFor(sim).listRoleAssignments(VM1, BOB);
    expect(found.find((a) => a.scope === RG_ID)?.condition).toBe("@Resource[tag] StringEquals 'x'");
  });

  it("refuses a principal id that is not a GUID (it goes into an OData filter)", async () => {
    sim = await startDemoSimulator();
    const error = await errorOf(sourceFor(sim).listRoleAssignments(VM1, "x') or atScope() or ('"));
    expect(error).toMatchObject({ code: "INPUT.INVALID" });
    expect(sim.requestLog()).toEqual([]);
  });

  it("refuses scopes that could smuggle query text into the URL", async () => {
    sim = await startDemoSimulator();
    expect(await errorOf(sourceFor(sim).listRoleAssignments(`${VM1}?$filter=x`, ALICE))).toMatchObject({
      code: "INPUT.INVALID",
    });
    expect(await errorOf(sourceFor(sim).listDenyAssignments("subscriptions/x"))).toMatchObject({
      code: "INPUT.INVALID",
    });
  });

  it("reads role definitions by id", async () => {
    sim = await startDemoSimulator();
    const def = await sourceFor(sim).getRoleDefinition(JIT_ROLE_ID);
    expect(def).toEqual({
      id: JIT_ROLE_ID,
      roleName: "JIT Requester",
      permissions: [
        {
          actions: [
            "Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action",
            "Microsoft.Security/locations/jitNetworkAccessPolicies/*/read",
            "Microsoft.Compute/virtualMachines/read",
            "Microsoft.Network/networkInterfaces/*/read",
          ],
          notActions: [],
          dataActions: [],
          notDataActions: [],
        },
      ],
    });
    const tenantLevel = await sourceFor(sim).getRoleDefinition(
      "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7",
    );
    expect(tenantLevel.roleName).toBe("Reader");
  });

  it("maps a missing role definition to CLOUD.NOT_FOUND", async () => {
    sim = await startDemoSimulator();
    const error = await errorOf(sourceFor(sim).getRoleDefinition(JIT_ROLE_ID.replace("5a1d7d2e", "deadbeef")));
    expect(error).toMatchObject({ code: "CLOUD.NOT_FOUND", armCode: "RoleDefinitionDoesNotExist" });
  });

  it("lists deny assignments at and above the scope", async () => {
    const seed = await demoSeed();
    seed.denyAssignments = [
      {
        name: "freeze",
        scope: `/subscriptions/${SUB}`,
        principals: ["everyone"],
        excludePrincipals: ["alice"],
        permissions: [{ actions: ["*/write"] }],
      },
    ];
    sim = await startAzureSimulator({ seed });
    expect(await sourceFor(sim).listDenyAssignments(VM1)).toEqual([
      {
        id: expect.stringMatching(
          new RegExp(`^/subscriptions/${SUB}/providers/Microsoft.Authorization/denyAssignments/`),
        ),
        scope: `/subscriptions/${SUB}`,
        name: "freeze",
        permissions: [{ actions: ["*/write"], notActions: [], dataActions: [], notDataActions: [] }],
        principalIds: [EVERYONE_PRINCIPAL_ID],
        excludePrincipalIds: [ALICE],
        principalTypes: { [EVERYONE_PRINCIPAL_ID]: "SystemDefined", [ALICE]: "User" },
        doNotApplyToChildScopes: false,
      },
    ]);
  });

  it("reports an unreachable ARM as retryable CLOUD.TRANSIENT", async () => {
    sim = await startDemoSimulator();
    await sim.setUnreachable("refuse");
    expect(await errorOf(sourceFor(sim).listRoleAssignments(VM1, ALICE))).toMatchObject({
      code: "CLOUD.TRANSIENT",
      retryable: true,
    });
  });
});
