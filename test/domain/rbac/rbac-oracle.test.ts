import fc from "fast-check";
import { describe, expect, it } from "vitest";

import type {
  DenyAssignmentInfo,
  PermissionBlock,
  PermissionSource,
  RoleAssignmentInfo,
  RoleDefinitionInfo,
} from "../../../src/domain/ports/permission-source.port.js";
import {
  checkRequiredActions,
  createRoleDefinitionCache,
  type RequiredAction,
} from "../../../src/domain/rbac/index.js";

/*
 * An independent evaluator of Azure RBAC, written from Microsoft's documentation ("How Azure RBAC
 * determines if a user has access to a resource", "Understand Azure deny assignments", "Azure role
 * definitions"), checked against ajar on randomized estates:
 *  - a role assignment counts for a scope when it was made at that scope or any ancestor (resource
 *    group, subscription, management groups up the tree), to the principal or a group it is in;
 *  - a role grants an action when one of its permission blocks has an action pattern matching it
 *    and no notAction pattern of that same block does (notActions are not a deny);
 *  - patterns are case-insensitive, `*` matches any run of characters;
 *  - a deny assignment blocks the action when it applies to the principal (listed, through a group,
 *    or Everyone, and neither the principal nor one of its groups is excluded), sits at the scope or
 *    an ancestor (only at the scope itself with doNotApplyToChildScopes), and one of its blocks
 *    matches the action without a matching notAction;
 *  - an assignment with an ABAC condition: ajar cannot evaluate conditions, and the documented rule
 *    it follows is to never count such an assignment (platform-facts.md), so the oracle does the same.
 */

const ME = "aaaaaaaa-0000-4000-8000-000000000001";
const OTHER = "aaaaaaaa-0000-4000-8000-000000000002";
const MY_GROUP = "bbbbbbbb-0000-4000-8000-000000000001";
const OTHER_GROUP = "bbbbbbbb-0000-4000-8000-000000000002";
const EVERYONE = "00000000-0000-0000-0000-000000000000";
const MY_IDS = [ME, MY_GROUP];

const mg = (name: string): string => `/providers/Microsoft.Management/managementGroups/${name}`;
const MG_ROOT = mg("mg-root");
const MG_CORP = mg("mg-corp");
const MG_OTHER = mg("mg-other");
const SUB = "/subscriptions/11111111-2222-3333-4444-555555555555";
const SUB_OTHER = "/subscriptions/99999999-2222-3333-4444-555555555555";
const RG = `${SUB}/resourceGroups/rg-prod`;
const RG_OTHER = `${SUB}/resourceGroups/rg-dev`;
const VM = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-prod-1`;
const VM_SIBLING = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-prod-2`;
const VM_ELSEWHERE = `${RG_OTHER}/providers/Microsoft.Compute/virtualMachines/vm-dev-1`;

/** The estate's tree, child → parent: what the oracle (and the ARM-like source) walks up. */
const PARENT: Record<string, string> = {
  [MG_CORP]: MG_ROOT,
  [MG_OTHER]: MG_ROOT,
  [SUB]: MG_CORP,
  [SUB_OTHER]: MG_OTHER,
  [RG]: SUB,
  [RG_OTHER]: SUB,
  [VM]: RG,
  [VM_SIBLING]: RG,
  [VM_ELSEWHERE]: RG_OTHER,
};
const SCOPES = [MG_ROOT, MG_CORP, MG_OTHER, SUB, SUB_OTHER, RG, RG_OTHER, VM, VM_SIBLING, VM_ELSEWHERE];

function ancestorsOrSelf(scope: string): string[] {
  const chain = [scope];
  for (let s = PARENT[scope]; s !== undefined; s = PARENT[s]) chain.push(s);
  return chain;
}

const TARGET_OF: Record<RequiredAction["scope"], string> = { vm: VM, resourceGroup: RG, subscription: SUB };

// --- the oracle -----------------------------------------------------------------------------------

function matches(pattern: string, action: string): boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`, "i").test(action);
}

const blockAllows = (block: PermissionBlock, action: string): boolean =>
  block.actions.some((p) => matches(p, action)) && !block.notActions.some((p) => matches(p, action));

interface Estate {
  roles: RoleDefinitionInfo[];
  assignments: RoleAssignmentInfo[];
  denies: DenyAssignmentInfo[];
  required: RequiredAction[];
}

function oracleAllows(estate: Estate, action: string, target: string): boolean {
  const above = new Set(ancestorsOrSelf(target));
  const granted = estate.assignments.some((a) => {
    if (!MY_IDS.includes(a.principalId) || a.condition !== undefined || !above.has(a.scope)) return false;
    const role = estate.roles.find((r) => r.id === a.roleDefinitionId);
    return role !== undefined && role.permissions.some((b) => blockAllows(b, action));
  });
  const denied = estate.denies.some((d) => {
    const named = d.principalIds.some((p) => p === EVERYONE || MY_IDS.includes(p));
    const excluded = d.excludePrincipalIds.some((p) => MY_IDS.includes(p));
    const reaches = d.doNotApplyToChildScopes ? d.scope === target : above.has(d.scope);
    return named && !excluded && reaches && d.permissions.some((b) => blockAllows(b, action));
  });
  return granted && !denied;
}

const oracleDecision = (estate: Estate): boolean =>
  estate.required.every((r) => oracleAllows(estate, r.action, TARGET_OF[r.scope]));

// --- ajar, fed the way ARM answers ----------------------------------------------------------------

/** assignedTo() expands the principal's groups; atScope() returns what sits at the scope or above it. */
function armLikeSource(estate: Estate, unreadable: Set<string>): PermissionSource {
  return {
    listRoleAssignments: async (scope, principalId) => {
      const above = new Set(ancestorsOrSelf(scope));
      const mine = principalId === ME ? MY_IDS : [principalId];
      return estate.assignments.filter((a) => above.has(a.scope) && mine.includes(a.principalId));
    },
    listDenyAssignments: async (scope) => {
      const above = new Set(ancestorsOrSelf(scope));
      return estate.denies.filter((d) => above.has(d.scope));
    },
    getRoleDefinition: async (id) => {
      const role = estate.roles.find((r) => r.id === id);
      if (role === undefined || unreadable.has(id)) throw new Error(`role definition ${id} cannot be read`);
      return role;
    },
  };
}

async function ajarAllows(
  estate: Estate,
  options: { membershipKnown: boolean; unreadable?: Set<string> },
): Promise<boolean> {
  const deps = {
    source: armLikeSource(estate, options.unreadable ?? new Set()),
    definitionCache: createRoleDefinitionCache({ ttlMs: 0, now: () => 0 }),
    ...(options.membershipKnown ? { listGroupIds: async () => [MY_GROUP] } : {}),
  };
  try {
    return (await checkRequiredActions(deps, ME, VM, estate.required)).allowed;
  } catch {
    return false; // undetermined: ajar refuses
  }
}

// --- generators -----------------------------------------------------------------------------------

const CONCRETE_ACTIONS = [
  "Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action",
  "Microsoft.Security/locations/jitNetworkAccessPolicies/read",
  "Microsoft.Compute/virtualMachines/read",
  "Microsoft.Network/networkInterfaces/read",
  "Microsoft.Network/networkInterfaces/ipconfigurations/read",
];

const PATTERNS = [
  "*",
  "*/read",
  "*/action",
  "Microsoft.Compute/*",
  "Microsoft.Compute/virtualMachines/*",
  "Microsoft.Compute/virtualMachines/read",
  "microsoft.compute/VIRTUALMACHINES/read",
  "Microsoft.Network/*",
  "Microsoft.Network/*/read",
  "Microsoft.Network/networkInterfaces/*",
  "Microsoft.Network/networkInterfaces/read",
  "Microsoft.Security/*",
  "Microsoft.Security/locations/*",
  "Microsoft.Security/locations/jitNetworkAccessPolicies/*",
  "Microsoft.Security/locations/jitNetworkAccessPolicies/*/action",
  "Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action",
  "Microsoft.Security/locations/jitNetworkAccessPolicies/read",
  "Microsoft.Security/*/read",
  "Microsoft.Storage/*",
  "*/write",
];

const patterns = (max: number) => fc.uniqueArray(fc.constantFrom(...PATTERNS), { maxLength: max });
const notActions = fc.oneof({ weight: 2, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: patterns(2) });
const block: fc.Arbitrary<PermissionBlock> = fc.record({
  actions: patterns(4),
  notActions,
  dataActions: fc.constant<string[]>([]),
  notDataActions: fc.constant<string[]>([]),
});
/** Scopes above the VM come up more often than those beside it, so many estates do grant. */
const assignmentScope = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(MG_ROOT, MG_CORP, SUB, RG, VM) },
  { weight: 1, arbitrary: fc.constantFrom(...SCOPES) },
);
const ROLE_IDS = [0, 1, 2, 3, 4].map(
  (i) =>
    `${i % 2 === 0 ? MG_ROOT : SUB}/providers/Microsoft.Authorization/roleDefinitions/0000000${i}-aaaa-4aaa-8aaa-aaaaaaaaaaaa`,
);

const estateArb: fc.Arbitrary<Estate> = fc
  .record({
    roles: fc.tuple(
      ...ROLE_IDS.map((id, i) =>
        fc
          .array(block, { minLength: 1, maxLength: 2 })
          .map((permissions) => ({ id, roleName: `role-${i}`, permissions })),
      ),
    ),
    assignments: fc.array(
      fc.record({
        scope: assignmentScope,
        roleDefinitionId: fc.constantFrom(...ROLE_IDS),
        principalId: fc.constantFrom(ME, ME, ME, MY_GROUP, MY_GROUP, OTHER, OTHER_GROUP),
        condition: fc.option(
          fc.constant("@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals 'logs'"),
          { freq: 5, nil: undefined },
        ),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    denies: fc.array(
      fc.record({
        scope: fc.constantFrom(...SCOPES),
        permissions: fc.array(block, { minLength: 1, maxLength: 2 }),
        principalIds: fc.uniqueArray(fc.constantFrom(EVERYONE, ME, MY_GROUP, OTHER, OTHER_GROUP), {
          minLength: 1,
          maxLength: 2,
        }),
        excludePrincipalIds: fc.uniqueArray(fc.constantFrom(ME, MY_GROUP, OTHER, OTHER_GROUP), { maxLength: 2 }),
        doNotApplyToChildScopes: fc.boolean(),
      }),
      { maxLength: 1 },
    ),
    required: fc.uniqueArray(
      fc.record({
        action: fc.constantFrom(...CONCRETE_ACTIONS),
        scope: fc.constantFrom<RequiredAction["scope"]>("vm", "resourceGroup", "subscription"),
      }),
      { minLength: 1, maxLength: 2, selector: (r) => `${r.action}@${r.scope}` },
    ),
  })
  .map(({ roles, assignments, denies, required }) => ({
    roles,
    assignments: assignments.map((a, i) => ({
      id: `ra-${i}`,
      scope: a.scope,
      roleDefinitionId: a.roleDefinitionId,
      principalId: a.principalId,
      ...(a.condition === undefined ? {} : { condition: a.condition }),
    })),
    denies: denies.map((d, i) => ({
      id: `${d.scope}/providers/Microsoft.Authorization/denyAssignments/da-${i}`,
      name: `deny ${i}`,
      ...d,
    })),
    required,
  }));

describe("RBAC oracle: ajar against an independent reading of Azure's documented rules", () => {
  it("agrees on 5,000 randomized estates when group membership is known", async () => {
    const outcomes = { allowed: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(estateArb, async (estate) => {
        const expected = oracleDecision(estate);
        outcomes[expected ? "allowed" : "refused"]++;
        return (await ajarAllows(estate, { membershipKnown: true })) === expected;
      }),
      { numRuns: 5000, seed: 20261201 },
    );
    // The estates exercise both answers, not only the easy "no".
    expect(outcomes.allowed).toBeGreaterThan(500);
    expect(outcomes.refused).toBeGreaterThan(500);
  });

  it("never allows what the oracle refuses, with membership unknown and some role definitions unreadable", async () => {
    await fc.assert(
      fc.asyncProperty(estateArb, fc.subarray(ROLE_IDS), fc.boolean(), async (estate, unreadable, membershipKnown) => {
        const allowed = await ajarAllows(estate, { membershipKnown, unreadable: new Set(unreadable) });
        return !allowed || oracleDecision(estate);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});
