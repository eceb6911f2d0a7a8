import { EVERYONE_PRINCIPAL_ID, type PrincipalRecord, type RoleDefinitionRecord, type SimState } from "./model.js";

/** Seeds refer to principals by name or object id, and to roles by name or definition GUID. */
export function resolvePrincipal(state: SimState, ref: string): PrincipalRecord | undefined {
  const lower = ref.toLowerCase();
  const byId = state.principals.get(lower);
  if (byId) return byId;
  for (const p of state.principals.values()) if (p.name.toLowerCase() === lower) return p;
  return undefined;
}

export function resolveRole(state: SimState, ref: string): RoleDefinitionRecord | undefined {
  const lower = ref.toLowerCase();
  const byId = state.roleDefinitions.get(lower);
  if (byId) return byId;
  for (const r of state.roleDefinitions.values()) if (r.roleName.toLowerCase() === lower) return r;
  return undefined;
}

/**
 * The principal plus every group it belongs to, directly or through nested groups: what ARM's
 * `assignedTo()` filter expands to.
 */
export function principalAndGroups(state: SimState, objectId: string): Set<string> {
  const result = new Set<string>([objectId.toLowerCase()]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of state.principals.values()) {
      if (p.type !== "Group" || result.has(p.objectId)) continue;
      if (p.members.some((m) => result.has(m))) {
        result.add(p.objectId);
        grew = true;
      }
    }
  }
  return result;
}

/** Resolves a deny assignment's principal reference; `everyone` maps to ARM's all-zero GUID. */
export function resolveDenyPrincipal(state: SimState, ref: string): { id: string; type: string } | undefined {
  if (ref.toLowerCase() === "everyone" || ref === EVERYONE_PRINCIPAL_ID)
    return { id: EVERYONE_PRINCIPAL_ID, type: "SystemDefined" };
  const p = resolvePrincipal(state, ref);
  return p ? { id: p.objectId, type: p.type } : undefined;
}
