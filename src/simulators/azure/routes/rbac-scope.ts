import type { SimEngine } from "../engine/sim-engine.js";
import { ArmHttpError } from "../http/arm-error.js";
import { managementGroupOfScope, normalizeScope } from "../state/scopes.js";

/** Role assignment APIs answer 404 for scopes in a management group, subscription or resource group that does not exist. */
export function checkScope(engine: SimEngine, rawScope: string): string {
  const scope = normalizeScope(rawScope);
  const group = managementGroupOfScope(scope);
  if (group !== undefined && !engine.state.managementGroups.has(group)) {
    throw new ArmHttpError(404, "ManagementGroupNotFound", `The management group '${group}' could not be found.`);
  }
  const parts = scope.split("/").filter(Boolean);
  if (parts[0]?.toLowerCase() === "subscriptions" && parts[1]) {
    if (parts[2]?.toLowerCase() === "resourcegroups" && parts[3]) engine.resourceGroup(parts[1], parts[3]);
    else engine.subscription(parts[1]);
  }
  return scope;
}
