import { parseRbacFilter } from "../engine/rbac-filter.js";
import { ArmHttpError } from "../http/arm-error.js";
import { ok, route, type Route } from "../http/context.js";
import { paged } from "../http/paging.js";
import { roleAssignmentJson } from "../json/authorization-json.js";
import { principalAndGroups } from "../state/principals.js";
import { isBelowIn, reachesScope } from "../state/scopes.js";
import { checkScope } from "./rbac-scope.js";

const PATH = "{*scope}/providers/Microsoft.Authorization/roleAssignments";

export const roleAssignmentRoutes: Route[] = [
  /**
   * listForScope: without atScope() ARM returns assignments at, above and below the scope; with it,
   * at and above. assignedTo() expands to the principal's (nested) groups; it takes a user or service
   * principal — for a group id this simulator returns nothing rather than guessing at group semantics.
   */
  route("GET", PATH, (ctx) => {
    const scope = checkScope(ctx.engine, ctx.params["scope"] as string);
    const filter = parseRbacFilter(ctx.query.get("$filter"), ["atScope", "assignedTo", "principalId"]);
    const state = ctx.engine.state;
    let principals: Set<string> | undefined;
    if (filter.assignedTo !== undefined) {
      const id = filter.assignedTo.toLowerCase();
      principals = state.principals.get(id)?.type === "Group" ? new Set() : principalAndGroups(state, id);
    }
    const direct = filter.principalId?.toLowerCase();
    const items = state.roleAssignments.filter(
      (a) =>
        (reachesScope(state, a.scope, scope) || (!filter.atScope && isBelowIn(state, a.scope, scope))) &&
        (principals === undefined || principals.has(a.principalId)) &&
        (direct === undefined || a.principalId === direct),
    );
    return ok(paged(ctx, items.map(roleAssignmentJson)));
  }),
  route("GET", `${PATH}/{name}`, (ctx) => {
    const scope = checkScope(ctx.engine, ctx.params["scope"] as string);
    const name = (ctx.params["name"] as string).toLowerCase();
    const found = ctx.engine.state.roleAssignments.find(
      (a) => a.guid === name && a.scope.toLowerCase() === scope.toLowerCase(),
    );
    if (!found) throw new ArmHttpError(404, "RoleAssignmentNotFound", "The role assignment does not exist.");
    return ok(roleAssignmentJson(found));
  }),
];
