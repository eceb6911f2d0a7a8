import { parseRbacFilter } from "../engine/rbac-filter.js";
import { ArmHttpError } from "../http/arm-error.js";
import { ok, route, type Route } from "../http/context.js";
import { paged } from "../http/paging.js";
import { roleDefinitionJson } from "../json/authorization-json.js";
import type { RoleDefinitionRecord, SimState } from "../state/model.js";
import { isBelowIn, reachesScope } from "../state/scopes.js";
import { checkScope } from "./rbac-scope.js";

const PATH = "{*scope}/providers/Microsoft.Authorization/roleDefinitions";

/** Built-in roles are visible everywhere; a custom role where its assignable scopes reach. */
const visibleAt = (state: SimState, def: RoleDefinitionRecord, scope: string): boolean =>
  def.roleType === "BuiltInRole" ||
  scope === "/" ||
  def.assignableScopes.some((s) => reachesScope(state, s, scope) || isBelowIn(state, s, scope));

export const roleDefinitionRoutes: Route[] = [
  route("GET", PATH, (ctx) => {
    const scope = checkScope(ctx.engine, ctx.params["scope"] as string);
    const filter = parseRbacFilter(ctx.query.get("$filter"), ["roleName", "type", "atScope"]);
    const items = [...ctx.engine.state.roleDefinitions.values()].filter(
      (d) =>
        visibleAt(ctx.engine.state, d, scope) &&
        (filter.roleName === undefined || d.roleName.toLowerCase() === filter.roleName.toLowerCase()) &&
        (filter.type === undefined || d.roleType.toLowerCase() === filter.type.toLowerCase()),
    );
    return ok(
      paged(
        ctx,
        items.map((d) => roleDefinitionJson(d, scope)),
      ),
    );
  }),
  // Serves both get(scope, id) and getById: `/subscriptions/{s}/providers/...` or tenant-level `/providers/...`.
  route("GET", `${PATH}/{id}`, (ctx) => {
    const scope = checkScope(ctx.engine, ctx.params["scope"] as string);
    const id = ctx.params["id"] as string;
    const def = ctx.engine.state.roleDefinitions.get(id.toLowerCase());
    if (!def || !visibleAt(ctx.engine.state, def, scope)) {
      throw new ArmHttpError(
        404,
        "RoleDefinitionDoesNotExist",
        `The specified role definition with ID '${id}' does not exist.`,
      );
    }
    return ok(roleDefinitionJson(def, scope));
  }),
];
