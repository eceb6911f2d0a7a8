/**
 * The simulator's in-memory estate. Records hold canonical, correctly cased ARM ids for their
 * relationships; maps are keyed by lower-cased names because ARM names are case-insensitive.
 */

export interface RuleProperties {
  protocol: string;
  sourceAddressPrefix?: string;
  sourceAddressPrefixes: string[];
  sourcePortRange?: string;
  sourcePortRanges: string[];
  destinationAddressPrefix?: string;
  destinationAddressPrefixes: string[];
  destinationPortRange?: string;
  destinationPortRanges: string[];
  access: "Allow" | "Deny";
  direction: "Inbound" | "Outbound";
  priority: number;
  description?: string;
}

export type ProvisioningState = "Succeeded" | "Updating" | "Deleting" | "Failed";

export interface RuleRecord {
  name: string;
  etag: string;
  provisioningState: ProvisioningState;
  properties: RuleProperties;
}

export interface NsgRecord {
  id: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  resourceGuid: string;
  etag: string;
  rules: Map<string, RuleRecord>;
  /** `Updating` while a whole-NSG PUT runs; Succeeded when unset. */
  provisioningState?: ProvisioningState;
}

export interface SubnetRecord {
  id: string;
  name: string;
  addressPrefix: string;
  nsgId?: string;
}

export interface VnetRecord {
  id: string;
  name: string;
  location: string;
  addressSpace: string[];
  subnets: Map<string, SubnetRecord>;
}

export interface IpConfigRecord {
  name: string;
  privateIpAddress: string;
  subnetId: string;
  primary: boolean;
}

export interface NicRecord {
  id: string;
  name: string;
  location: string;
  vmId?: string;
  nsgId?: string;
  ipConfigurations: IpConfigRecord[];
}

export interface VmRecord {
  id: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  osType: "Linux" | "Windows";
  size: string;
  vmId: string;
  nicIds: string[];
}

export interface ResourceGroupRecord {
  id: string;
  name: string;
  location: string;
  nsgs: Map<string, NsgRecord>;
  vnets: Map<string, VnetRecord>;
  nics: Map<string, NicRecord>;
  vms: Map<string, VmRecord>;
}

export interface SubscriptionRecord {
  id: string;
  subscriptionId: string;
  displayName: string;
  resourceGroups: Map<string, ResourceGroupRecord>;
}

export type PrincipalType = "User" | "Group" | "ServicePrincipal";

export interface PrincipalRecord {
  objectId: string;
  name: string;
  displayName: string;
  type: PrincipalType;
  /** Object ids of direct members (groups only). */
  members: string[];
}

export interface PermissionRecord {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

export interface RoleDefinitionRecord {
  guid: string;
  roleName: string;
  description: string;
  roleType: "BuiltInRole" | "CustomRole";
  permissions: PermissionRecord[];
  assignableScopes: string[];
  /** Management group a custom role is defined in: ARM then reports its id under that group. */
  managementGroup?: string;
}

export interface RoleAssignmentRecord {
  guid: string;
  scope: string;
  roleDefinitionGuid: string;
  /** Set when the role is defined in a management group (its id is scoped there). */
  roleDefinitionManagementGroup?: string;
  principalId: string;
  principalType: PrincipalType;
  description?: string;
  condition?: string;
  conditionVersion?: string;
  createdOn: string;
}

export interface DenyAssignmentRecord {
  guid: string;
  name: string;
  description: string;
  scope: string;
  principals: { id: string; type: string }[];
  excludePrincipals: { id: string; type: string }[];
  permissions: PermissionRecord[];
  doNotApplyToChildScopes: boolean;
}

/** A management group: subscriptions and child groups inherit its role and deny assignments. */
export interface ManagementGroupRecord {
  name: string;
  displayName: string;
  /** Parent group name; absent for a group directly under the tenant root. */
  parent?: string;
  subscriptionIds: string[];
}

export interface SimState {
  tenantId: string;
  /** Keyed by lower-cased group name. */
  managementGroups: Map<string, ManagementGroupRecord>;
  subscriptions: Map<string, SubscriptionRecord>;
  principals: Map<string, PrincipalRecord>;
  roleDefinitions: Map<string, RoleDefinitionRecord>;
  roleAssignments: RoleAssignmentRecord[];
  denyAssignments: DenyAssignmentRecord[];
}

/** ARM's everyone principal in deny assignments. */
export const EVERYONE_PRINCIPAL_ID = "00000000-0000-0000-0000-000000000000";

export const keyOf = (name: string): string => name.toLowerCase();
