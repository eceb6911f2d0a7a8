import { z } from "zod";

import { firewallSeedFields } from "../firewall/firewall-seed-schema.js";

/**
 * The seed describes the Azure estate the simulator starts with. Names are used for references inside
 * the seed (a NIC names its subnet as `vnet/subnet`, an assignment names its role and principal) so a
 * seed reads like an inventory rather than a pile of resource ids. Full ARM ids are accepted wherever a
 * name is, for cross-resource-group references.
 */

const guid = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    "a GUID like 11111111-1111-1111-1111-111111111111",
  );

const name = z.string().min(1).max(80);
const scope = z
  .string()
  .regex(/^\/(\S*)$/, "an ARM scope starting with '/', e.g. /subscriptions/{id}/resourceGroups/{rg}");
const stringList = z.array(z.string().min(1));

/** Rule fields use ARM's property names so a rule can be copied from `az network nsg rule show`. */
export const seedRuleSchema = z.strictObject({
  name,
  priority: z.number().int(),
  direction: z.enum(["Inbound", "Outbound"]),
  access: z.enum(["Allow", "Deny"]),
  protocol: z.string().default("*"),
  sourceAddressPrefix: z.string().optional(),
  sourceAddressPrefixes: stringList.optional(),
  sourcePortRange: z.string().optional(),
  sourcePortRanges: stringList.optional(),
  destinationAddressPrefix: z.string().optional(),
  destinationAddressPrefixes: stringList.optional(),
  destinationPortRange: z.string().optional(),
  destinationPortRanges: stringList.optional(),
  description: z.string().optional(),
});

const nsgSchema = z.strictObject({
  name,
  location: z.string().optional(),
  tags: z.record(z.string(), z.string()).default({}),
  rules: z.array(seedRuleSchema).default([]),
});

const subnetSchema = z.strictObject({
  name,
  addressPrefix: z.string(),
  /** NSG name in the same resource group, or a full NSG id. */
  networkSecurityGroup: z.string().optional(),
});

const vnetSchema = z.strictObject({
  name,
  location: z.string().optional(),
  addressSpace: stringList.default(["10.0.0.0/16"]),
  subnets: z.array(subnetSchema).default([]),
});

const nicSchema = z.strictObject({
  name,
  /** `vnet/subnet` in the same resource group, or a full subnet id. */
  subnet: z.string(),
  privateIpAddress: z.string(),
  networkSecurityGroup: z.string().optional(),
});

const vmSchema = z.strictObject({
  name,
  location: z.string().optional(),
  osType: z.enum(["Linux", "Windows"]),
  size: z.string().default("Standard_B2s"),
  tags: z.record(z.string(), z.string()).default({}),
  networkInterfaces: z.array(nicSchema).min(1, "a VM needs at least one network interface"),
});

const resourceGroupSchema = z.strictObject({
  name,
  location: z.string().default("westeurope"),
  networkSecurityGroups: z.array(nsgSchema).default([]),
  virtualNetworks: z.array(vnetSchema).default([]),
  virtualMachines: z.array(vmSchema).default([]),
  ...firewallSeedFields,
});

const subscriptionSchema = z.strictObject({
  id: guid,
  displayName: z.string().default("Simulated subscription"),
  resourceGroups: z.array(resourceGroupSchema).default([]),
});

const permissionSchema = z.strictObject({
  actions: stringList.default([]),
  notActions: stringList.default([]),
  dataActions: stringList.default([]),
  notDataActions: stringList.default([]),
});

const roleDefinitionSchema = z.strictObject({
  id: guid,
  roleName: z.string().min(1),
  description: z.string().default(""),
  assignableScopes: z.array(scope).default(["/"]),
  permissions: z.array(permissionSchema).min(1),
  /** Defines the role in this management group (name), as custom roles created there are. */
  managementGroup: name.optional(),
});

const managementGroupSchema = z.strictObject({
  name,
  displayName: z.string().optional(),
  /** Parent group name; omitted means directly under the tenant root group. */
  parent: name.optional(),
  subscriptions: z.array(guid).default([]),
});

export const seedRoleAssignmentSchema = z.strictObject({
  /** GUID name of the assignment; derived from role, principal and scope when omitted. */
  id: guid.optional(),
  /** Role name ("Reader", "JIT Requester") or role definition GUID. */
  role: z.string().min(1),
  /** Principal name from `principals` or an object id. */
  principal: z.string().min(1),
  scope,
  description: z.string().optional(),
  condition: z.string().optional(),
  conditionVersion: z.string().optional(),
});

const denyAssignmentSchema = z.strictObject({
  id: guid.optional(),
  name: z.string().min(1),
  description: z.string().default(""),
  scope,
  /** Principal names or object ids; `everyone` is the all-zero GUID ARM uses for "all principals". */
  principals: stringList.min(1),
  excludePrincipals: stringList.default([]),
  permissions: z.array(permissionSchema).min(1),
  doNotApplyToChildScopes: z.boolean().default(false),
});

const servicePrincipalSchema = z.strictObject({ name, objectId: guid, displayName: z.string().optional() });
/** Users also carry the Entra ID attributes the Graph simulator serves (all optional). */
const userSchema = servicePrincipalSchema.extend({
  mail: z.string().min(3).optional(),
  /** Defaults to `<name>@<tenant domain>` in the Graph simulator. */
  userPrincipalName: z.string().min(3).optional(),
  accountEnabled: z.boolean().default(true),
  userType: z.enum(["Member", "Guest"]).default("Member"),
  /** Name or object id of the user's manager. */
  manager: z.string().min(1).optional(),
});
const groupSchema = z.strictObject({
  name,
  objectId: guid,
  displayName: z.string().optional(),
  /** Names or object ids of users, service principals or other groups. */
  members: stringList.default([]),
});

export const azureSeedSchema = z.strictObject({
  tenantId: guid.default("72f988bf-0000-0000-0000-000000000000"),
  principals: z
    .strictObject({
      users: z.array(userSchema).default([]),
      groups: z.array(groupSchema).default([]),
      servicePrincipals: z.array(servicePrincipalSchema).default([]),
    })
    .default({ users: [], groups: [], servicePrincipals: [] }),
  /** Management group tree; assignments at `/providers/Microsoft.Management/managementGroups/{name}` reach what is below. */
  managementGroups: z.array(managementGroupSchema).default([]),
  /** Custom roles; the built-in roles (Owner, Contributor, Reader, Network Contributor, ...) always exist. */
  roleDefinitions: z.array(roleDefinitionSchema).default([]),
  roleAssignments: z.array(seedRoleAssignmentSchema).default([]),
  denyAssignments: z.array(denyAssignmentSchema).default([]),
  subscriptions: z.array(subscriptionSchema).min(1, "the seed needs at least one subscription"),
});

/** What a seed file may contain (defaults optional). */
export type AzureSeed = z.input<typeof azureSeedSchema>;
/** A seed after validation, with defaults filled in. */
export type ParsedAzureSeed = z.output<typeof azureSeedSchema>;
export type SeedRule = z.input<typeof seedRuleSchema>;
export type SeedRoleAssignment = z.input<typeof seedRoleAssignmentSchema>;
export type SeedDenyAssignment = z.output<typeof denyAssignmentSchema>;
export type SeedPermission = z.output<typeof permissionSchema>;
export type SeedRoleDefinition = z.output<typeof roleDefinitionSchema>;
