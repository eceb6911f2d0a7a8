import { resourceNotFound } from "../http/arm-error.js";
import type { Route } from "../http/context.js";
import { ok, route } from "../http/context.js";
import { paged } from "../http/paging.js";
import { networkInterfaceJson } from "../json/network-json.js";
import { keyOf } from "../state/model.js";

const RG = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/networkInterfaces";

export const networkInterfaceRoutes: Route[] = [
  route("GET", "/subscriptions/{sub}/providers/Microsoft.Network/networkInterfaces", (ctx) =>
    ok(paged(ctx, ctx.engine.allResourceGroups(ctx.params["sub"]).flatMap((rg) => [...rg.nics.values()].map(networkInterfaceJson)))),
  ),
  route("GET", RG, (ctx) => {
    const rg = ctx.engine.resourceGroup(ctx.params["sub"] as string, ctx.params["rg"] as string);
    return ok(paged(ctx, [...rg.nics.values()].map(networkInterfaceJson)));
  }),
  route("GET", `${RG}/{nic}`, (ctx) => {
    const rg = ctx.engine.resourceGroup(ctx.params["sub"] as string, ctx.params["rg"] as string);
    const nic = rg.nics.get(keyOf(ctx.params["nic"] as string));
    if (!nic) throw resourceNotFound("Microsoft.Network/networkInterfaces", ctx.params["nic"] as string, rg.name);
    return ok(networkInterfaceJson(nic));
  }),
];
