import type {
  DenyAssignmentInfo,
  PermissionBlock,
  RoleAssignmentInfo,
  RoleDefinitionInfo,
} from "../../../src/domain/ports/permission-source.port.js";
import type { PermissionQuery } from "../../../src/domain/rbac/permission-decision.js";
import { DEFAULT_REQUIRED_ACTIONS } from "../../../src/domain/rbac/required-actions.js";

export const ME = "aaaaaaaa-0000-0000-0000-000000000001";
export const OTHER = "aaaaaaaa-0000-0000-0000-000000000002";
export const GROUP = "bbbbbbbb-0000-0000-0000-000000000001";
export const OTHER_GROUP = "bbbbbbbb-0000-0000-0000-000000000002";

export const SUB = "/subscriptions/11111111-2222-3333-4444-555555555555";
export const RG = `${SUB}/resourceGroups/rg-prod`;
export const VM = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-prod-1`;
export const SIBLING_VM = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-prod-2`;
export const MG = "/providers/Microsoft.Management/managementGroups/mg-corp";

export const INITIATE = "Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action";
export const JIT_READ = "Microsoft.Security/locations/jitNetworkAccessPolicies/*/read";
export const VM_READ = "Microsoft.Compute/virtualMachines/read";
export const NIC_READ = "Microsoft.Network/networkInterfaces/*/read";

export const block = (actions: string[], notActions: string[] = []): PermissionBlock => ({
  actions,
  notActions,
  dataActions: [],
  notDataActions: [],
});

const roleId = (name: string): string => `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${name}`;

export const role = (name: string, ...permissions: PermissionBlock[]): RoleDefinitionInfo => ({
  id: roleId(name),
  roleName: name,
  permissions,
});

export const ROLES = {
  reader: role("Reader", block(["*/read"])),
  jitRequester: role("JIT Requester", block([...DEFAULT_REQUIRED_ACTIONS])),
  jitInitiator: role("JIT Initiator", block([INITIATE])),
  securityAdmin: role("Security Admin", block(["Microsoft.Security/*"])),
  contributorNoSecurity: role("Contributor but Security", block(["*"], ["Microsoft.Security/*"])),
  narrowJitRead: role(
    "Narrow JIT Read",
    block([INITIATE, "Microsoft.Security/locations/jitNetworkAccessPolicies/read", VM_READ, NIC_READ]),
  ),
};

let counter = 0;
export const assign = (
  definition: RoleDefinitionInfo,
  scope: string,
  extra: Partial<RoleAssignmentInfo> = {},
): RoleAssignmentInfo => ({
  id: `ra-${++counter}`,
  scope,
  roleDefinitionId: definition.id,
  principalId: ME,
  ...extra,
});

export const deny = (extra: Partial<DenyAssignmentInfo> = {}): DenyAssignmentInfo => ({
  id: `${SUB}/providers/Microsoft.Authorization/denyAssignments/da-${++counter}`,
  scope: SUB,
  name: "Deployment stack deny",
  permissions: [block(["*"])],
  principalIds: ["00000000-0000-0000-0000-000000000000"],
  excludePrincipalIds: [],
  doNotApplyToChildScopes: false,
  ...extra,
});

export function query(over: Partial<PermissionQuery> & Pick<PermissionQuery, "assignments">): PermissionQuery {
  return {
    principalId: ME,
    principalGroupIds: [],
    scope: VM,
    requiredActions: DEFAULT_REQUIRED_ACTIONS,
    definitions: new Map(Object.values(ROLES).map((r) => [r.id.toLowerCase(), r])),
    denyAssignments: [],
    ...over,
  };
}
