import { afterEach, describe, expect, it } from "vitest";

import {
  EVERYONE_PRINCIPAL_ID,
  startAzureSimulator,
  type AzureSimulator,
} from "../../../src/simulators/azure/index.js";
import {
  ALICE,
  armFetch,
  BOB,
  BOT,
  CAROL,
  clientsFor,
  demoSeed,
  errorOf,
  JIT_GROUP,
  RG_ID,
  startDemoSimulator,
  SUB,
  VM1,
} from "./support/sim-fixture.js";

let sim: AzureSimulator;
afterEach(async () => sim?.close());

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

const JIT_ROLE = "5a1d7d2e-6b7a-4c7e-9f0e-1a2b3c4d5e6f";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

describe("role assignments", () => {
  it("assignedTo() finds assignments made to the principal's groups", async () => {
    sim = await startDemoSimulator();
    const { authorization } = clientsFor(sim);
    const found = await collect(
      authorization.roleAssignments.listForScope(VM1, { filter: `atScope() and assignedTo('${ALICE}')` }),
    );
    expect(found).toEqual([
      expect.objectContaining({
        scope: RG_ID,
        principalId: JIT_GROUP,
        principalType: "Group",
        roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${JIT_ROLE}`,
        type: "Microsoft.Authorization/roleAssignments",
      }),
    ]);
    expect(found[0]?.id).toMatch(
      new RegExp(`^${RG_ID}/providers/Microsoft.Authorization/roleAssignments/[0-9a-f-]{36}$`),
    );
    expect(
      await collect(
        authorization.roleAssignments.listForScope(VM1, { filter: `atScope() and assignedTo('${CAROL}')` }),
      ),
    ).toEqual([]);
  });

  it("follows nested groups", async () => {
    const seed = await demoSeed();
    seed.principals!.groups!.push({
      name: "outer",
      objectId: "55555555-5555-5555-5555-555555555555",
      members: ["jit-operators"],
    });
    seed.roleAssignments!.push({ role: "Reader", principal: "outer", scope: `/subscriptions/${SUB}` });
    sim = await startAzureSimulator({ seed });
    const found = await collect(
      clientsFor(sim).authorization.roleAssignments.listForScope(RG_ID, {
        filter: `atScope() and assignedTo('${ALICE}')`,
      }),
    );
    expect(found.map((a) => a.principalId).sort()).toEqual([JIT_GROUP, "55555555-5555-5555-5555-555555555555"]);
  });

  it("atScope() returns at and above; no filter also below; principalId eq only direct", async () => {
    sim = await startDemoSimulator();
    const { authorization } = clientsFor(sim);
    const sub = `/subscriptions/${SUB}`;
    const atSub = await collect(authorization.roleAssignments.listForScope(sub, { filter: "atScope()" }));
    expect(atSub.every((a) => a.scope === sub)).toBe(true);
    expect(atSub.length).toBe(3);
    const all = await collect(authorization.roleAssignments.listForScope(sub));
    expect(all.length).toBe(4);
    const direct = await collect(
      authorization.roleAssignments.listForScope(sub, { filter: `principalId eq '${ALICE}'` }),
    );
    expect(direct).toEqual([]);
    const bob = await collect(
      authorization.roleAssignments.listForScope(VM1, { filter: `atScope() and principalId eq '${BOB}'` }),
    );
    expect(bob.map((a) => a.roleDefinitionId?.split("/").pop())).toEqual([READER]);
  });

  it("returns nothing for assignedTo() with a group id (it takes users and service principals)", async () => {
    sim = await startDemoSimulator();
    const found = await collect(
      clientsFor(sim).authorization.roleAssignments.listForScope(RG_ID, { filter: `assignedTo('${JIT_GROUP}')` }),
    );
    expect(found).toEqual([]);
  });

  it("rejects filters it does not understand", async () => {
    sim = await startDemoSimulator();
    const error = await errorOf(
      collect(clientsFor(sim).authorization.roleAssignments.listForScope(RG_ID, { filter: "roleName eq 'x'" })),
    );
    expect(error).toMatchObject({ statusCode: 400, code: "UnsupportedQuery" });
  });

  it("carries condition and conditionVersion; added and removed at runtime", async () => {
    sim = await startDemoSimulator();
    const id = sim.addRoleAssignment({
      role: "Network Contributor",
      principal: "carol",
      scope: RG_ID,
      condition: "@Resource[x] StringEquals 'y'",
    });
    const { authorization } = clientsFor(sim);
    const found = await collect(
      authorization.roleAssignments.listForScope(RG_ID, { filter: `atScope() and assignedTo('${CAROL}')` }),
    );
    expect(found).toEqual([
      expect.objectContaining({ id, condition: "@Resource[x] StringEquals 'y'", conditionVersion: "2.0" }),
    ]);
    expect(sim.removeRoleAssignment(id)).toBe(true);
    expect(
      await collect(authorization.roleAssignments.listForScope(RG_ID, { filter: `assignedTo('${CAROL}')` })),
    ).toEqual([]);
  });

  it("pages with nextLink, keeping the filter", async () => {
    sim = await startDemoSimulator({ pageSize: 1 });
    const pages = await collect(
      clientsFor(sim)
        .authorization.roleAssignments.listForScope(`/subscriptions/${SUB}`, { filter: "atScope()" })
        .byPage(),
    );
    expect(pages.map((p) => p.length)).toEqual([1, 1, 1]);
    expect(new Set(pages.flat().map((a) => a.principalId))).toEqual(new Set([BOB, BOT]));
  });
});

describe("role definitions", () => {
  it("getById with a subscription-level and a tenant-level id", async () => {
    sim = await startDemoSimulator();
    const { authorization } = clientsFor(sim);
    const custom = await authorization.roleDefinitions.getById(
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${JIT_ROLE}`,
    );
    expect(custom).toMatchObject({ roleName: "JIT Requester", roleType: "CustomRole" });
    expect(custom.permissions?.[0]?.actions).toEqual([
      "Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action",
      "Microsoft.Security/locations/jitNetworkAccessPolicies/*/read",
      "Microsoft.Compute/virtualMachines/read",
      "Microsoft.Network/networkInterfaces/*/read",
    ]);
    const reader = await authorization.roleDefinitions.getById(
      `/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
    );
    expect(reader).toMatchObject({
      id: `/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
      roleName: "Reader",
      roleType: "BuiltInRole",
      permissions: [{ actions: ["*/read"] }],
    });
    const contributor = await authorization.roleDefinitions.get(
      `/subscriptions/${SUB}`,
      "b24988ac-6180-42a0-ab88-20f7382dd24c",
    );
    expect(contributor.permissions?.[0]?.notActions).toContain("Microsoft.Authorization/*/Write");
  });

  it("answers 404 RoleDefinitionDoesNotExist for an unknown id", async () => {
    sim = await startDemoSimulator();
    const error = await errorOf(
      clientsFor(sim).authorization.roleDefinitions.getById(
        `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${CAROL}`,
      ),
    );
    expect(error).toMatchObject({ statusCode: 404, code: "RoleDefinitionDoesNotExist" });
  });

  it("lists with a roleName filter", async () => {
    sim = await startDemoSimulator();
    const found = await collect(
      clientsFor(sim).authorization.roleDefinitions.list(`/subscriptions/${SUB}`, {
        filter: "roleName eq 'Network Contributor'",
      }),
    );
    expect(found.map((d) => d.name)).toEqual(["4d97b98b-1d4f-4787-a291-c67834d212e7"]);
  });
});

describe("deny assignments", () => {
  it("lists deny assignments at and above the scope with principals, exclusions and permissions", async () => {
    const seed = await demoSeed();
    seed.denyAssignments = [
      {
        name: "no-nsg-writes",
        scope: `/subscriptions/${SUB}`,
        principals: ["everyone"],
        excludePrincipals: ["ajar-bot"],
        permissions: [{ actions: ["Microsoft.Network/networkSecurityGroups/*/write"] }],
      },
      {
        name: "rg-only",
        scope: RG_ID,
        principals: ["bob"],
        permissions: [{ actions: ["*"] }],
        doNotApplyToChildScopes: true,
      },
      {
        name: "elsewhere",
        scope: `/subscriptions/${SUB}/resourceGroups/rg-other-not-seeded`,
        principals: ["carol"],
        permissions: [{ actions: ["*"] }],
      },
    ];
    sim = await startAzureSimulator({ seed });
    const { authorization } = clientsFor(sim);
    const found = await collect(authorization.denyAssignments.listForScope(VM1, { filter: "atScope()" }));
    expect(found.map((d) => d.denyAssignmentName)).toEqual(["no-nsg-writes", "rg-only"]);
    expect(found[0]).toMatchObject({
      scope: `/subscriptions/${SUB}`,
      principals: [{ id: EVERYONE_PRINCIPAL_ID, type: "SystemDefined" }],
      excludePrincipals: [{ id: BOT, type: "ServicePrincipal" }],
      permissions: [{ actions: ["Microsoft.Network/networkSecurityGroups/*/write"], notActions: [] }],
      doNotApplyToChildScopes: false,
    });
    expect(found[1]).toMatchObject({ doNotApplyToChildScopes: true, principals: [{ id: BOB, type: "User" }] });
    const forBot = await collect(
      authorization.denyAssignments.listForScope(VM1, { filter: `principalId eq '${BOT}'` }),
    );
    expect(forBot).toEqual([]);
  });

  it("answers 404 for a scope in a subscription that does not exist", async () => {
    sim = await startDemoSimulator();
    const res = await armFetch(sim, `/subscriptions/${CAROL}/providers/Microsoft.Authorization/denyAssignments`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("SubscriptionNotFound");
  });
});
