import type { ParsedAzureSeed } from "../azure/seed/seed-schema.js";

export interface GraphUserRecord {
  id: string;
  displayName: string;
  mail: string | null;
  userPrincipalName: string;
  accountEnabled: boolean;
  userType: "Member" | "Guest";
  managerId?: string;
}

export interface GraphGroupRecord {
  id: string;
  displayName: string;
  /** Object ids of users, service principals and groups. */
  memberIds: string[];
}

/** The Entra ID directory the Graph simulator serves, built from the Azure simulator's seed principals. */
export interface GraphDirectory {
  users: Map<string, GraphUserRecord>;
  groups: Map<string, GraphGroupRecord>;
  servicePrincipalIds: Set<string>;
}

export const DEFAULT_TENANT_DOMAIN = "ajarsim.onmicrosoft.com";

export function directoryFromSeed(seed: ParsedAzureSeed, tenantDomain = DEFAULT_TENANT_DOMAIN): GraphDirectory {
  const byName = new Map<string, string>();
  const all = [...seed.principals.users, ...seed.principals.groups, ...seed.principals.servicePrincipals];
  for (const p of all) byName.set(p.name.toLowerCase(), p.objectId.toLowerCase());
  const idOf = (ref: string): string => byName.get(ref.toLowerCase()) ?? ref.toLowerCase();

  const users = new Map<string, GraphUserRecord>();
  for (const u of seed.principals.users) {
    const id = u.objectId.toLowerCase();
    users.set(id, {
      id,
      displayName: u.displayName ?? u.name,
      mail: u.mail ?? null,
      userPrincipalName: u.userPrincipalName ?? `${u.name}@${tenantDomain}`,
      accountEnabled: u.accountEnabled,
      userType: u.userType,
      ...(u.manager ? { managerId: idOf(u.manager) } : {}),
    });
  }
  const groups = new Map<string, GraphGroupRecord>();
  for (const g of seed.principals.groups) {
    groups.set(g.objectId.toLowerCase(), {
      id: g.objectId.toLowerCase(),
      displayName: g.displayName ?? g.name,
      memberIds: g.members.map(idOf),
    });
  }
  return {
    users,
    groups,
    servicePrincipalIds: new Set(seed.principals.servicePrincipals.map((s) => s.objectId.toLowerCase())),
  };
}

/** Every group the object is in, directly or through nested groups (Graph's transitiveMemberOf). */
export function transitiveGroupsOf(dir: GraphDirectory, objectId: string): GraphGroupRecord[] {
  const found = new Set<string>();
  let frontier = [objectId.toLowerCase()];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const group of dir.groups.values()) {
      if (!found.has(group.id) && group.memberIds.some((m) => frontier.includes(m))) {
        found.add(group.id);
        next.push(group.id);
      }
    }
    frontier = next;
  }
  return [...found].map((id) => dir.groups.get(id)!);
}

/** Every object inside the group, through nested groups (Graph's transitiveMembers); nested groups included. */
export function transitiveMembersOf(dir: GraphDirectory, groupId: string): string[] {
  const seen = new Set<string>();
  const visit = (id: string): void => {
    for (const member of dir.groups.get(id)?.memberIds ?? []) {
      if (seen.has(member)) continue;
      seen.add(member);
      if (dir.groups.has(member)) visit(member);
    }
  };
  visit(groupId.toLowerCase());
  return [...seen];
}
