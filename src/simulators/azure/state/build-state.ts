import { attachFirewalls } from "../firewall/build-firewalls.js";
import type { ParsedAzureSeed } from "../seed/seed-schema.js";
import { nsgIdOf, resourceGroupIdOf, resourceIdOf, stableGuid } from "./arm-ids.js";
import { BUILT_IN_ROLES } from "./builtin-roles.js";
import {
  keyOf,
  type NsgRecord,
  type PrincipalRecord,
  type ResourceGroupRecord,
  type RoleDefinitionRecord,
  type SimState,
  type SubscriptionRecord,
} from "./model.js";
import { resolveDenyPrincipal, resolvePrincipal } from "./principals.js";
import { buildRoleAssignment } from "./role-assignment-factory.js";
import { seedRuleToProperties } from "./seed-rule.js";

type SeedRg = ParsedAzureSeed["subscriptions"][number]["resourceGroups"][number];

/** Builds a fresh, independent state from a validated seed; throws with a readable path on bad references. */
export function buildState(seed: ParsedAzureSeed): SimState {
  const state: SimState = {
    tenantId: seed.tenantId,
    managementGroups: new Map(),
    subscriptions: new Map(),
    principals: new Map(),
    roleDefinitions: new Map(),
    roleAssignments: [],
    denyAssignments: [],
  };
  addPrincipals(state, seed);
  for (const mg of seed.managementGroups) {
    if (state.managementGroups.has(keyOf(mg.name)))
      throw new Error(`managementGroups: the name ${mg.name} is used twice`);
    state.managementGroups.set(keyOf(mg.name), {
      name: mg.name,
      displayName: mg.displayName ?? mg.name,
      ...(mg.parent === undefined ? {} : { parent: mg.parent }),
      subscriptionIds: mg.subscriptions.map((s) => s.toLowerCase()),
    });
  }
  for (const mg of state.managementGroups.values()) {
    if (mg.parent !== undefined && !state.managementGroups.has(keyOf(mg.parent)))
      throw new Error(`managementGroups.${mg.name}: unknown parent '${mg.parent}'`);
  }
  for (const role of BUILT_IN_ROLES) state.roleDefinitions.set(role.guid, structuredClone(role));
  for (const role of seed.roleDefinitions) {
    const { managementGroup, ...rest } = structuredClone(role);
    if (managementGroup !== undefined && !state.managementGroups.has(keyOf(managementGroup))) {
      throw new Error(`roleDefinitions.${role.roleName}: unknown management group '${managementGroup}'`);
    }
    const record: RoleDefinitionRecord = {
      ...rest,
      guid: role.id.toLowerCase(),
      roleType: "CustomRole",
      ...(managementGroup === undefined ? {} : { managementGroup }),
    };
    state.roleDefinitions.set(record.guid, record);
  }
  for (const sub of seed.subscriptions) {
    const record: SubscriptionRecord = {
      id: `/subscriptions/${sub.id}`,
      subscriptionId: sub.id,
      displayName: sub.displayName,
      resourceGroups: new Map(),
    };
    state.subscriptions.set(keyOf(sub.id), record);
    for (const rg of sub.resourceGroups) record.resourceGroups.set(keyOf(rg.name), buildResourceGroup(sub.id, rg));
  }
  for (const sub of seed.subscriptions) for (const rg of sub.resourceGroups) linkNetwork(state, sub.id, rg);
  seed.roleAssignments.forEach((a, i) => {
    state.roleAssignments.push(buildRoleAssignment(state, a, `roleAssignments[${i}]`));
  });
  seed.denyAssignments.forEach((d, i) => {
    const resolve = (ref: string) => {
      const p = resolveDenyPrincipal(state, ref);
      if (!p) throw new Error(`denyAssignments[${i}]: unknown principal '${ref}'`);
      return p;
    };
    state.denyAssignments.push({
      guid: (d.id ?? stableGuid("deny", d.scope, d.name)).toLowerCase(),
      name: d.name,
      description: d.description,
      scope: d.scope,
      principals: d.principals.map(resolve),
      excludePrincipals: d.excludePrincipals.map(resolve),
      permissions: structuredClone(d.permissions),
      doNotApplyToChildScopes: d.doNotApplyToChildScopes,
    });
  });
  attachFirewalls(state, seed);
  return state;
}

function addPrincipals(state: SimState, seed: ParsedAzureSeed): void {
  const add = (p: PrincipalRecord) => {
    if (state.principals.has(p.objectId)) throw new Error(`principals: object id ${p.objectId} is used twice`);
    state.principals.set(p.objectId, p);
  };
  const base = (p: { name: string; objectId: string; displayName?: string | undefined }) => ({
    objectId: p.objectId.toLowerCase(),
    name: p.name,
    displayName: p.displayName ?? p.name,
    members: [] as string[],
  });
  for (const u of seed.principals.users) add({ ...base(u), type: "User" });
  for (const s of seed.principals.servicePrincipals) add({ ...base(s), type: "ServicePrincipal" });
  for (const g of seed.principals.groups) add({ ...base(g), type: "Group" });
  for (const g of seed.principals.groups) {
    const group = state.principals.get(g.objectId.toLowerCase()) as PrincipalRecord;
    group.members = g.members.map((m) => {
      const member = resolvePrincipal(state, m);
      if (!member) throw new Error(`principals.groups.${g.name}: unknown member '${m}'`);
      return member.objectId;
    });
  }
}

function buildResourceGroup(sub: string, rg: SeedRg): ResourceGroupRecord {
  const record: ResourceGroupRecord = {
    id: resourceGroupIdOf(sub, rg.name),
    name: rg.name,
    location: rg.location,
    nsgs: new Map(),
    vnets: new Map(),
    nics: new Map(),
    vms: new Map(),
  };
  for (const nsg of rg.networkSecurityGroups) {
    const id = nsgIdOf(sub, rg.name, nsg.name);
    const rules: NsgRecord["rules"] = new Map();
    for (const rule of nsg.rules) {
      const { name, properties } = seedRuleToProperties(`${id}/securityRules/${rule.name}`, rule);
      const sameSlot = [...rules.values()].find(
        (r) => r.properties.priority === properties.priority && r.properties.direction === properties.direction,
      );
      if (sameSlot)
        throw new Error(
          `NSG ${nsg.name}: rules ${sameSlot.name} and ${name} share priority ${properties.priority} ${properties.direction}`,
        );
      rules.set(keyOf(name), { name, properties, provisioningState: "Succeeded", etag: `W/"${stableGuid(id, name)}"` });
    }
    record.nsgs.set(keyOf(nsg.name), {
      id,
      name: nsg.name,
      location: nsg.location ?? rg.location,
      tags: nsg.tags,
      resourceGuid: stableGuid(id),
      etag: `W/"${stableGuid(id, "etag")}"`,
      rules,
    });
  }
  for (const vnet of rg.virtualNetworks) {
    const id = resourceIdOf(sub, rg.name, "Microsoft.Network", "virtualNetworks", vnet.name);
    const subnets = new Map(
      vnet.subnets.map((s) => [
        keyOf(s.name),
        { id: `${id}/subnets/${s.name}`, name: s.name, addressPrefix: s.addressPrefix },
      ]),
    );
    record.vnets.set(keyOf(vnet.name), {
      id,
      name: vnet.name,
      location: vnet.location ?? rg.location,
      addressSpace: vnet.addressSpace,
      subnets,
    });
  }
  for (const vm of rg.virtualMachines) {
    const vmId = resourceIdOf(sub, rg.name, "Microsoft.Compute", "virtualMachines", vm.name);
    const location = vm.location ?? rg.location;
    const nicIds = vm.networkInterfaces.map((n) =>
      resourceIdOf(sub, rg.name, "Microsoft.Network", "networkInterfaces", n.name),
    );
    record.vms.set(keyOf(vm.name), {
      id: vmId,
      name: vm.name,
      location,
      tags: vm.tags,
      osType: vm.osType,
      size: vm.size,
      vmId: stableGuid(vmId),
      nicIds,
    });
    vm.networkInterfaces.forEach((n, i) => {
      // Subnet and NSG links are resolved in linkNetwork, once every resource group exists.
      record.nics.set(keyOf(n.name), {
        id: nicIds[i] as string,
        name: n.name,
        location,
        vmId,
        ipConfigurations: [
          { name: "ipconfig1", privateIpAddress: n.privateIpAddress, subnetId: n.subnet, primary: true },
        ],
        ...(n.networkSecurityGroup ? { nsgId: n.networkSecurityGroup } : {}),
      });
    });
  }
  return record;
}

/** Turns the seed's name references into canonical ids, failing on anything that does not exist. */
function linkNetwork(state: SimState, sub: string, seedRg: SeedRg): void {
  const rg = state.subscriptions.get(keyOf(sub))?.resourceGroups.get(keyOf(seedRg.name)) as ResourceGroupRecord;
  const nsgRef = (ref: string, where: string): string => {
    const id = ref.startsWith("/") ? ref : nsgIdOf(sub, seedRg.name, ref);
    const found = findByIdIn(state, id, (g, name) => g.nsgs.get(keyOf(name))?.id);
    if (!found) throw new Error(`${where}: network security group '${ref}' not found`);
    return found;
  };
  for (const vnet of seedRg.virtualNetworks) {
    for (const s of vnet.subnets) {
      if (!s.networkSecurityGroup) continue;
      const subnet = rg.vnets.get(keyOf(vnet.name))?.subnets.get(keyOf(s.name));
      if (subnet) subnet.nsgId = nsgRef(s.networkSecurityGroup, `subnet ${vnet.name}/${s.name}`);
    }
  }
  for (const nic of rg.nics.values()) {
    if (nic.nsgId) nic.nsgId = nsgRef(nic.nsgId, `NIC ${nic.name}`);
    for (const ip of nic.ipConfigurations) {
      const ref = ip.subnetId;
      const id = ref.startsWith("/")
        ? ref
        : `${resourceIdOf(sub, seedRg.name, "Microsoft.Network", "virtualNetworks", ref.split("/")[0] ?? "")}/subnets/${ref.split("/")[1] ?? ""}`;
      const found = findSubnet(state, id);
      if (!found) throw new Error(`NIC ${nic.name}: subnet '${ref}' not found (use 'vnet/subnet' or a full subnet id)`);
      ip.subnetId = found;
    }
  }
}

function findByIdIn(
  state: SimState,
  id: string,
  pick: (rg: ResourceGroupRecord, name: string) => string | undefined,
): string | undefined {
  const parts = id.split("/").filter(Boolean);
  const rg = state.subscriptions.get(keyOf(parts[1] ?? ""))?.resourceGroups.get(keyOf(parts[3] ?? ""));
  return rg ? pick(rg, parts[7] ?? "") : undefined;
}

function findSubnet(state: SimState, id: string): string | undefined {
  const parts = id.split("/").filter(Boolean);
  return findByIdIn(state, id, (rg) => rg.vnets.get(keyOf(parts[7] ?? ""))?.subnets.get(keyOf(parts[9] ?? ""))?.id);
}
