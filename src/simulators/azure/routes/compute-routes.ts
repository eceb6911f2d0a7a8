import { resourceNotFound } from "../http/arm-error.js";
import { ok, route, type Route } from "../http/context.js";
import { paged } from "../http/paging.js";
import { virtualMachineJson } from "../json/compute-json.js";
import { keyOf } from "../state/model.js";

const RG = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines";

export const computeRoutes: Route[] = [
  route("GET", "/subscriptions/{sub}/providers/Microsoft.Compute/virtualMachines", (ctx) =>
    ok(
      paged(
        ctx,
        ctx.engine.allResourceGroups(ctx.params["sub"]).flatMap((rg) => [...rg.vms.values()].map(virtualMachineJson)),
      ),
    ),
  ),
  route("GET", RG, (ctx) => {
    const rg = ctx.engine.resourceGroup(ctx.params["sub"] as string, ctx.params["rg"] as string);
    return ok(paged(ctx, [...rg.vms.values()].map(virtualMachineJson)));
  }),
  route("GET", `${RG}/{vm}`, (ctx) => {
    const rg = ctx.engine.resourceGroup(ctx.params["sub"] as string, ctx.params["rg"] as string);
    const vm = rg.vms.get(keyOf(ctx.params["vm"] as string));
    if (!vm) throw resourceNotFound("Microsoft.Compute/virtualMachines", ctx.params["vm"] as string, rg.name);
    return ok(virtualMachineJson(vm));
  }),
];
