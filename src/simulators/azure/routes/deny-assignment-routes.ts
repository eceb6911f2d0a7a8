import { parseRbacFilter } from "../engine/rbac-filter.js";
import { ArmHttpError } from "../http/arm-error.js";
import { ok, route, type Route } from "../http/context.js";
import { paged } from "../http/paging.js";
import { denyAssignmentJson } from "../json/authorization-json.js";
import { EVERYONE_PRINCIPAL_ID, type DenyAssignmentRecord, type SimState } from "../state/model.js";
import { principalAndGroups } from "../state/principals.js";
import { isBelowIn, reachesScope } from "../state/scopes.js";
import { checkScope } from "./rbac-scope.js";

const PATH = "{*scope}/providers/Microsoft.Authorization/denyAssignments";

/** Whether a deny assignment names the principal (directly, through a group, or as everyone) without excluding it. */
function appliesTo(state: SimState, deny: DenyAssignmentRecord, principalId: string): boolean {
  const ids = principalAndGroups(state, principalId);
  const named = deny.principals.some((p) => p.id === EVERYONE_PRINCIPAL_ID || ids.has(p.id.toLowerCase()));
  const excluded = deny.excludePrincipals.some((p) => ids.has(p.id.toLowerCase()));
  return named && !excluded;
}

export const denyAssignmentRoutes: Route[] = [
  route("GET", PATH, (ctx) => {
    const scope = checkScope(ctx.engine, ctx.params["scope"] as string);
    const filter = parseRbacFilter(ctx.query.get("$filter"), ["atScope", "principalId", "denyAssignmentName"]);
    const state = ctx.engine.state;
    const items = state.denyAssignments.filter(
      (d) =>
        (reachesScope(state, d.scope, scope) || (!filter.atScope && isBelowIn(state, d.scope, scope))) &&
        (filter.principalId === undefined || appliesTo(state, d, filter.principalId)) &&
        (filter.denyAssignmentName === undefined || d.name.toLowerCase() === filter.denyAssignmentName.toLowerCase()),
    );
    return ok(paged(ctx, items.map(denyAssignmentJson)));
  }),
  route("GET", `${PATH}/{id}`, (ctx) => {
    checkScope(ctx.engine, ctx.params["scope"] as string);
    const id = (ctx.params["id"] as string).toLowerCase();
    const found = ctx.engine.state.denyAssignments.find((d) => d.guid === id);
    if (!found) throw new ArmHttpError(404, "DenyAssignmentNotFound", `The deny assignment '${id}' does not exist.`);
    return ok(denyAssignmentJson(found));
  }),
];
