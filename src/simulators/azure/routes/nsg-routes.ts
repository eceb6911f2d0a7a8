import { beginPutNsg, parseNsgPutBody } from "../engine/nsg-writes.js";
import { checkPreconditions, preconditionsOf } from "../engine/preconditions.js";
import { validateRuleName } from "../engine/rule-validation.js";
import { badRequest, childNotFound } from "../http/arm-error.js";
import { ok, route, type RequestContext, type Route } from "../http/context.js";
import { paged } from "../http/paging.js";
import { defaultSecurityRulesJson, networkSecurityGroupJson } from "../json/network-json.js";
import { nsgIdOf, stableGuid } from "../state/arm-ids.js";
import { keyOf, type NsgRecord } from "../state/model.js";

export const NSG_PATH = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/networkSecurityGroups";

export const nsgOf = (ctx: RequestContext): NsgRecord =>
  ctx.engine.nsg(ctx.params["sub"] as string, ctx.params["rg"] as string, ctx.params["nsg"] as string);

/**
 * Whole-NSG PUT, following NetworkSecurityGroups_CreateOrUpdate in networkSecurityGroup.json and its
 * examples (NetworkSecurityGroupCreate.json, NetworkSecurityGroupCreateWithRule.json): a long-running
 * operation (x-ms-long-running-operation, final-state-via azure-async-operation), 200 on update and 201 on
 * create with the NSG as body, `securityRules` replaced by the body's set, `defaultSecurityRules` read-only.
 * The spec (2024-05-01) declares no If-Match parameter, so SDK clients send it as a custom header; we honour it
 * as ARM's generic conditional-write contract (412 PreconditionFailed), as cloud-provider-azure relies on.
 * Beyond the spec: the body shows `Updating` until the operation ends, and the etag changes on every change.
 */
function putNsg(ctx: RequestContext) {
  const rg = ctx.engine.resourceGroup(ctx.params["sub"] as string, ctx.params["rg"] as string);
  const name = ctx.params["nsg"] as string;
  const id = nsgIdOf(ctx.params["sub"] as string, rg.name, name);
  ctx.engine.runWriteHooks(id);
  const existing = rg.nsgs.get(keyOf(name));
  checkPreconditions(id, preconditionsOf(ctx.headers), existing?.etag);
  const body = parseNsgPutBody(existing?.id ?? id, ctx.body);
  ctx.note.ruleCount = body.rules.length;
  let nsg = existing;
  if (!nsg) {
    validateRuleName(name);
    if (body.location === undefined)
      throw badRequest("LocationRequired", "The location property is required for this definition.");
    nsg = {
      id,
      name,
      location: body.location,
      tags: {},
      resourceGuid: stableGuid(id, String(ctx.engine.now())),
      etag: "",
      rules: new Map(),
    };
    rg.nsgs.set(keyOf(name), nsg);
  }
  const operation = beginPutNsg(ctx.engine, nsg, body);
  ctx.note.operation = operation;
  return ok(networkSecurityGroupJson(ctx.engine.state, nsg), existing ? 200 : 201, {
    "Azure-AsyncOperation": ctx.engine.operationStatusUrl(operation),
  });
}

export const nsgRoutes: Route[] = [
  route("GET", "/subscriptions/{sub}/providers/Microsoft.Network/networkSecurityGroups", (ctx) =>
    ok(
      paged(
        ctx,
        ctx.engine
          .allResourceGroups(ctx.params["sub"])
          .flatMap((rg) => [...rg.nsgs.values()].map((n) => networkSecurityGroupJson(ctx.engine.state, n))),
      ),
    ),
  ),
  route("GET", NSG_PATH, (ctx) => {
    const rg = ctx.engine.resourceGroup(ctx.params["sub"] as string, ctx.params["rg"] as string);
    return ok(
      paged(
        ctx,
        [...rg.nsgs.values()].map((n) => networkSecurityGroupJson(ctx.engine.state, n)),
      ),
    );
  }),
  route("GET", `${NSG_PATH}/{nsg}`, (ctx) => ok(networkSecurityGroupJson(ctx.engine.state, nsgOf(ctx)))),
  route("PUT", `${NSG_PATH}/{nsg}`, putNsg),
  route("GET", `${NSG_PATH}/{nsg}/defaultSecurityRules`, (ctx) => ok(paged(ctx, defaultSecurityRulesJson(nsgOf(ctx))))),
  route("GET", `${NSG_PATH}/{nsg}/defaultSecurityRules/{rule}`, (ctx) => {
    const nsg = nsgOf(ctx);
    const name = (ctx.params["rule"] as string).toLowerCase();
    const rule = defaultSecurityRulesJson(nsg).find((r) => r.name.toLowerCase() === name);
    if (!rule) throw childNotFound(`${nsg.id}/defaultSecurityRules/${ctx.params["rule"] as string}`);
    return ok(rule);
  }),
];
