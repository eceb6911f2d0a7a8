import { randomUUID } from "node:crypto";

import { effectiveNetworkSecurityGroups } from "../engine/effective-rules.js";
import { resourceNotFound } from "../http/arm-error.js";
import { ok, route, type Route } from "../http/context.js";
import { paged } from "../http/paging.js";
import { networkInterfaceJson } from "../json/network-json.js";
import { keyOf } from "../state/model.js";

const RG = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/networkInterfaces";

export const networkInterfaceRoutes: Route[] = [
  route("GET", "/subscriptions/{sub}/providers/Microsoft.Network/networkInterfaces", (ctx) =>
    ok(
      paged(
        ctx,
        ctx.engine
          .allResourceGroups(ctx.params["sub"])
          .flatMap((rg) => [...rg.nics.values()].map(networkInterfaceJson)),
      ),
    ),
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
  // A long-running action (networkInterface.json, x-ms-long-running-operation-options final-state-via: location).
  route("POST", `${RG}/{nic}/effectiveNetworkSecurityGroups`, (ctx) => {
    const sub = ctx.params["sub"] as string;
    const rg = ctx.engine.resourceGroup(sub, ctx.params["rg"] as string);
    const nic = rg.nics.get(keyOf(ctx.params["nic"] as string));
    if (!nic) throw resourceNotFound("Microsoft.Network/networkInterfaces", ctx.params["nic"] as string, rg.name);
    const id = randomUUID();
    ctx.engine.settle();
    const body = effectiveNetworkSecurityGroups(ctx.engine, nic);
    ctx.engine.actionResults.set(id, {
      subscriptionId: sub,
      location: nic.location,
      readyAt: ctx.engine.now() + ctx.engine.settings.operationDelayMs,
      body,
    });
    return {
      status: 202,
      headers: {
        Location: `${ctx.engine.baseUrl}/subscriptions/${sub}/providers/Microsoft.Network/locations/${nic.location}/operationResults/${id}?api-version=2024-05-01`,
      },
    };
  }),
];
