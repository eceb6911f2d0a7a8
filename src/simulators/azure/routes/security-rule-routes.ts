import { checkPreconditions, preconditionsOf } from "../engine/preconditions.js";
import { validateRuleName, validateRuleProperties } from "../engine/rule-validation.js";
import { beginDeleteRule, beginPutRule } from "../engine/rule-writes.js";
import { ArmHttpError, childNotFound } from "../http/arm-error.js";
import { ok, route, type RequestContext, type Route } from "../http/context.js";
import { paged } from "../http/paging.js";
import { securityRuleJson } from "../json/network-json.js";
import { keyOf, type NsgRecord } from "../state/model.js";
import { NSG_PATH, nsgOf } from "./nsg-routes.js";

const RULES = `${NSG_PATH}/{nsg}/securityRules`;

/** A DELETE below a missing NSG is ARM's ParentResourceNotFound, not the idempotent 204. */
function parentOf(ctx: RequestContext): NsgRecord {
  try {
    return nsgOf(ctx);
  } catch (error) {
    if (error instanceof ArmHttpError && error.code === "ResourceNotFound") {
      throw new ArmHttpError(
        404,
        "ParentResourceNotFound",
        `Can not perform requested operation on nested resource. Parent resource '${ctx.params["nsg"] as string}' not found.`,
      );
    }
    throw error;
  }
}

export const securityRuleRoutes: Route[] = [
  route("GET", RULES, (ctx) => {
    const nsg = nsgOf(ctx);
    return ok(
      paged(
        ctx,
        [...nsg.rules.values()].map((r) => securityRuleJson(nsg, r)),
      ),
    );
  }),
  route("GET", `${RULES}/{rule}`, (ctx) => {
    const nsg = nsgOf(ctx);
    const rule = nsg.rules.get(keyOf(ctx.params["rule"] as string));
    if (!rule) throw childNotFound(`${nsg.id}/securityRules/${ctx.params["rule"] as string}`);
    return ok(securityRuleJson(nsg, rule));
  }),
  route("PUT", `${RULES}/{rule}`, (ctx) => {
    const nsg = parentOf(ctx);
    const name = ctx.params["rule"] as string;
    ctx.engine.runWriteHooks(nsg.id);
    checkPreconditions(
      `${nsg.id}/securityRules/${name}`,
      preconditionsOf(ctx.headers),
      nsg.rules.get(keyOf(name))?.etag,
    );
    validateRuleName(name);
    const body = ctx.body as { properties?: unknown } | undefined;
    const properties = validateRuleProperties(`${nsg.id}/securityRules/${name}`, body?.properties);
    ctx.note.rule = properties;
    const { created, rule, operation } = beginPutRule(ctx.engine, nsg, name, properties);
    ctx.note.operation = operation;
    return ok(securityRuleJson(nsg, rule), created ? 201 : 200, {
      "Azure-AsyncOperation": ctx.engine.operationStatusUrl(operation),
    });
  }),
  route("DELETE", `${RULES}/{rule}`, (ctx) => {
    const nsg = parentOf(ctx);
    const name = ctx.params["rule"] as string;
    ctx.engine.runWriteHooks(nsg.id);
    checkPreconditions(
      `${nsg.id}/securityRules/${name}`,
      preconditionsOf(ctx.headers),
      nsg.rules.get(keyOf(name))?.etag,
    );
    const operation = beginDeleteRule(ctx.engine, nsg, name);
    if (!operation) return { status: 204 };
    ctx.note.operation = operation;
    return {
      status: 202,
      headers: {
        "Azure-AsyncOperation": ctx.engine.operationStatusUrl(operation),
        Location: ctx.engine.operationResultUrl(operation),
      },
    };
  }),
];
