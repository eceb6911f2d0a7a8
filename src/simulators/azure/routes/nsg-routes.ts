import { childNotFound } from "../http/arm-error.js";
import type { RequestContext, Route } from "../http/context.js";
import { ok, route } from "../http/context.js";
import { paged } from "../http/paging.js";
import { defaultSecurityRulesJson, networkSecurityGroupJson } from "../json/network-json.js";
import type { NsgRecord } from "../state/model.js";

export const NSG_PATH = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/networkSecurityGroups";

export const nsgOf = (ctx: RequestContext): NsgRecord =>
  ctx.engine.nsg(ctx.params["sub"] as string, ctx.params["rg"] as string, ctx.params["nsg"] as string);

export const nsgRoutes: Route[] = [
  route("GET", "/subscriptions/{sub}/providers/Microsoft.Network/networkSecurityGroups", (ctx) =>
    ok(paged(ctx, ctx.engine.allResourceGroups(ctx.params["sub"]).flatMap((rg) => [...rg.nsgs.values()].map((n) => networkSecurityGroupJson(ctx.engine.state, n))))),
  ),
  route("GET", NSG_PATH, (ctx) => {
    const rg = ctx.engine.resourceGroup(ctx.params["sub"] as string, ctx.params["rg"] as string);
    return ok(paged(ctx, [...rg.nsgs.values()].map((n) => networkSecurityGroupJson(ctx.engine.state, n))));
  }),
  route("GET", `${NSG_PATH}/{nsg}`, (ctx) => ok(networkSecurityGroupJson(ctx.engine.state, nsgOf(ctx)))),
  route("GET", `${NSG_PATH}/{nsg}/defaultSecurityRules`, (ctx) => ok(paged(ctx, defaultSecurityRulesJson(nsgOf(ctx))))),
  route("GET", `${NSG_PATH}/{nsg}/defaultSecurityRules/{rule}`, (ctx) => {
    const nsg = nsgOf(ctx);
    const name = (ctx.params["rule"] as string).toLowerCase();
    const rule = defaultSecurityRulesJson(nsg).find((r) => r.name.toLowerCase() === name);
    if (!rule) throw childNotFound(`${nsg.id}/defaultSecurityRules/${ctx.params["rule"] as string}`);
    return ok(rule);
  }),
];
