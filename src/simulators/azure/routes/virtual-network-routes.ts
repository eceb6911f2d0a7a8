import { childNotFound, resourceNotFound } from "../http/arm-error.js";
import { ok, route, type RequestContext, type Route } from "../http/context.js";
import { paged } from "../http/paging.js";
import { subnetJson, virtualNetworkJson } from "../json/network-json.js";
import { keyOf, type VnetRecord } from "../state/model.js";

const RG = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks";

function vnetOf(ctx: RequestContext): VnetRecord {
  const rg = ctx.engine.resourceGroup(ctx.params["sub"] as string, ctx.params["rg"] as string);
  const vnet = rg.vnets.get(keyOf(ctx.params["vnet"] as string));
  if (!vnet) throw resourceNotFound("Microsoft.Network/virtualNetworks", ctx.params["vnet"] as string, rg.name);
  return vnet;
}

export const virtualNetworkRoutes: Route[] = [
  route("GET", "/subscriptions/{sub}/providers/Microsoft.Network/virtualNetworks", (ctx) =>
    ok(
      paged(
        ctx,
        ctx.engine
          .allResourceGroups(ctx.params["sub"])
          .flatMap((rg) => [...rg.vnets.values()].map((v) => virtualNetworkJson(ctx.engine.state, v))),
      ),
    ),
  ),
  route("GET", RG, (ctx) => {
    const rg = ctx.engine.resourceGroup(ctx.params["sub"] as string, ctx.params["rg"] as string);
    return ok(
      paged(
        ctx,
        [...rg.vnets.values()].map((v) => virtualNetworkJson(ctx.engine.state, v)),
      ),
    );
  }),
  route("GET", `${RG}/{vnet}`, (ctx) => ok(virtualNetworkJson(ctx.engine.state, vnetOf(ctx)))),
  route("GET", `${RG}/{vnet}/subnets`, (ctx) =>
    ok(
      paged(
        ctx,
        [...vnetOf(ctx).subnets.values()].map((s) => subnetJson(ctx.engine.state, s)),
      ),
    ),
  ),
  route("GET", `${RG}/{vnet}/subnets/{subnet}`, (ctx) => {
    const vnet = vnetOf(ctx);
    const subnet = vnet.subnets.get(keyOf(ctx.params["subnet"] as string));
    if (!subnet) throw childNotFound(`${vnet.id}/subnets/${ctx.params["subnet"] as string}`);
    return ok(subnetJson(ctx.engine.state, subnet));
  }),
];
