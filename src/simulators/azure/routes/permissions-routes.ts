import { ok, route, type Route } from "../http/context.js";
import { paged } from "../http/paging.js";
import { principalAndGroups } from "../state/principals.js";
import { reachesScope } from "../state/scopes.js";
import { checkScope } from "./rbac-scope.js";

/**
 * `permissions.listForResourceGroup` / `listForResource`: the CALLER's own permission blocks at a
 * scope, one per role assignment reaching it (ARM does not merge them, nor subtract deny assignments).
 * The simulator accepts any token, so it models a single caller: the seed's first service principal
 * (ajar-bot in the demo seed). Without one, the caller holds nothing.
 */
export const permissionsRoutes: Route[] = [
  route("GET", "{*scope}/providers/Microsoft.Authorization/permissions", (ctx) => {
    const scope = checkScope(ctx.engine, ctx.params["scope"] as string);
    const state = ctx.engine.state;
    const caller = [...state.principals.values()].find((p) => p.type === "ServicePrincipal");
    const ids = caller ? principalAndGroups(state, caller.objectId) : new Set<string>();
    const blocks = state.roleAssignments
      .filter((a) => ids.has(a.principalId.toLowerCase()) && reachesScope(state, a.scope, scope))
      .flatMap((a) => state.roleDefinitions.get(a.roleDefinitionGuid.toLowerCase())?.permissions ?? []);
    return ok(
      paged(
        ctx,
        blocks.map((b) => ({
          actions: b.actions,
          notActions: b.notActions,
          dataActions: b.dataActions,
          notDataActions: b.notDataActions,
        })),
      ),
    );
  }),
];
