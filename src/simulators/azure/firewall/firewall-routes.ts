import { ArmHttpError, childNotFound, resourceNotFound } from "../http/arm-error.js";
import { ok, route, type RequestContext, type Route } from "../http/context.js";
import { paged } from "../http/paging.js";
import { firewallJson, firewallPolicyJson, publicIpJson, ruleCollectionGroupJson } from "./firewall-json.js";
import type { FirewallRecord, PolicyRecord } from "./firewall-model.js";
import { putFirewall } from "./firewall-put.js";
import { firewallStoreOf, type FirewallStore } from "./firewall-store.js";
import { checkReadPreconditions } from "./firewall-writes.js";
import { deleteGroup, putGroup } from "./policy-group-writes.js";

const SUB = "/subscriptions/{sub}/providers/Microsoft.Network";
const RG = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network";
const FW = `${RG}/azureFirewalls`;
const POLICY = `${RG}/firewallPolicies`;
const PIP = `${RG}/publicIPAddresses`;

const p = (ctx: RequestContext, name: string): string => ctx.params[name] as string;
const idIn = (ctx: RequestContext, type: string, name: string): string =>
  `/subscriptions/${p(ctx, "sub")}/resourceGroups/${p(ctx, "rg")}/providers/Microsoft.Network/${type}/${name}`.toLowerCase();

/** Every record of one kind in a subscription, or in one resource group (which must exist). */
function scoped<T extends { id: string }>(ctx: RequestContext, records: Iterable<T>): T[] {
  const sub = `/subscriptions/${p(ctx, "sub")}/`.toLowerCase();
  if (ctx.params["rg"] === undefined) {
    ctx.engine.subscription(p(ctx, "sub"));
    return [...records].filter((r) => r.id.toLowerCase().startsWith(sub));
  }
  const rg = ctx.engine.resourceGroup(p(ctx, "sub"), p(ctx, "rg"));
  return [...records].filter((r) => r.id.toLowerCase().startsWith(`${rg.id.toLowerCase()}/`));
}

function firewallOf(ctx: RequestContext, store: FirewallStore): FirewallRecord {
  ctx.engine.resourceGroup(p(ctx, "sub"), p(ctx, "rg"));
  const fw = store.firewalls.get(idIn(ctx, "azureFirewalls", p(ctx, "fw")));
  if (!fw) throw resourceNotFound("Microsoft.Network/azureFirewalls", p(ctx, "fw"), p(ctx, "rg"));
  return fw;
}

function policyOf(ctx: RequestContext, store: FirewallStore, parent = false): PolicyRecord {
  ctx.engine.resourceGroup(p(ctx, "sub"), p(ctx, "rg"));
  const policy = store.policies.get(idIn(ctx, "firewallPolicies", p(ctx, "policy")));
  if (policy) return policy;
  if (parent)
    throw new ArmHttpError(
      404,
      "ParentResourceNotFound",
      `Can not perform requested operation on nested resource. Parent resource '${p(ctx, "policy")}' not found.`,
    );
  throw resourceNotFound("Microsoft.Network/firewallPolicies", p(ctx, "policy"), p(ctx, "rg"));
}

function operationOf(ctx: RequestContext) {
  const op = firewallStoreOf(ctx.engine).operations.get(p(ctx, "id"));
  if (!op || op.subscriptionId.toLowerCase() !== p(ctx, "sub").toLowerCase())
    throw new ArmHttpError(404, "OperationNotFound", `Operation ${p(ctx, "id")} was not found.`);
  return op;
}

const pollHeaders = (ctx: RequestContext): Record<string, string> => {
  const seconds = ctx.engine.settings.pollRetryAfterSeconds;
  return seconds === undefined ? {} : { "Retry-After": String(seconds) };
};

export const firewallRoutes: Route[] = [
  route("GET", `${SUB}/azureFirewalls`, (ctx) => {
    const store = firewallStoreOf(ctx.engine);
    return ok(
      paged(
        ctx,
        scoped(ctx, store.firewalls.values()).map((f) => firewallJson(store, f)),
      ),
    );
  }),
  route("GET", FW, (ctx) => {
    const store = firewallStoreOf(ctx.engine);
    return ok(
      paged(
        ctx,
        scoped(ctx, store.firewalls.values()).map((f) => firewallJson(store, f)),
      ),
    );
  }),
  route("GET", `${FW}/{fw}`, (ctx) => {
    const store = firewallStoreOf(ctx.engine);
    const fw = firewallOf(ctx, store);
    checkReadPreconditions(ctx, fw.etag, fw.id);
    return ok(firewallJson(store, fw));
  }),
  route("PUT", `${FW}/{fw}`, (ctx) => {
    const store = firewallStoreOf(ctx.engine);
    ctx.engine.resourceGroup(p(ctx, "sub"), p(ctx, "rg"));
    const fw = store.firewalls.get(idIn(ctx, "azureFirewalls", p(ctx, "fw")));
    if (!fw)
      throw new ArmHttpError(
        400,
        "UnsupportedBySimulator",
        `The simulator updates firewalls declared in its seed; '${p(ctx, "fw")}' is not one of them.`,
      );
    return putFirewall(ctx, store, fw);
  }),
  route("GET", `${SUB}/firewallPolicies`, (ctx) => {
    const store = firewallStoreOf(ctx.engine);
    return ok(
      paged(
        ctx,
        scoped(ctx, store.policies.values()).map((x) => firewallPolicyJson(store, x)),
      ),
    );
  }),
  route("GET", POLICY, (ctx) => {
    const store = firewallStoreOf(ctx.engine);
    return ok(
      paged(
        ctx,
        scoped(ctx, store.policies.values()).map((x) => firewallPolicyJson(store, x)),
      ),
    );
  }),
  route("GET", `${POLICY}/{policy}`, (ctx) => {
    const store = firewallStoreOf(ctx.engine);
    return ok(firewallPolicyJson(store, policyOf(ctx, store)));
  }),
  route("GET", `${POLICY}/{policy}/ruleCollectionGroups`, (ctx) => {
    const policy = policyOf(ctx, firewallStoreOf(ctx.engine));
    return ok(
      paged(ctx, [...policy.groups.values()].filter((g) => g.config !== undefined).map(ruleCollectionGroupJson)),
    );
  }),
  route("GET", `${POLICY}/{policy}/ruleCollectionGroups/{group}`, (ctx) => {
    const policy = policyOf(ctx, firewallStoreOf(ctx.engine));
    const group = policy.groups.get(p(ctx, "group").toLowerCase());
    if (!group?.config) throw childNotFound(`${policy.id}/ruleCollectionGroups/${p(ctx, "group")}`);
    checkReadPreconditions(ctx, group.etag, group.id);
    return ok(ruleCollectionGroupJson(group));
  }),
  route("PUT", `${POLICY}/{policy}/ruleCollectionGroups/{group}`, (ctx) => {
    const store = firewallStoreOf(ctx.engine);
    return putGroup(ctx, store, policyOf(ctx, store, true), p(ctx, "group"));
  }),
  route("DELETE", `${POLICY}/{policy}/ruleCollectionGroups/{group}`, (ctx) => {
    const store = firewallStoreOf(ctx.engine);
    return deleteGroup(ctx, store, policyOf(ctx, store, true), p(ctx, "group"));
  }),
  route("GET", `${SUB}/publicIPAddresses`, (ctx) => {
    const store = firewallStoreOf(ctx.engine);
    return ok(
      paged(
        ctx,
        scoped(ctx, store.publicIps.values()).map((x) => publicIpJson(store, x)),
      ),
    );
  }),
  route("GET", PIP, (ctx) => {
    const store = firewallStoreOf(ctx.engine);
    return ok(
      paged(
        ctx,
        scoped(ctx, store.publicIps.values()).map((x) => publicIpJson(store, x)),
      ),
    );
  }),
  route("GET", `${PIP}/{pip}`, (ctx) => {
    const store = firewallStoreOf(ctx.engine);
    ctx.engine.resourceGroup(p(ctx, "sub"), p(ctx, "rg"));
    const pip = store.publicIps.get(idIn(ctx, "publicIPAddresses", p(ctx, "pip")));
    if (!pip) throw resourceNotFound("Microsoft.Network/publicIPAddresses", p(ctx, "pip"), p(ctx, "rg"));
    return ok(publicIpJson(store, pip));
  }),
  // Azure Firewall reports its operations under nfvOperations (Azure-AsyncOperation) and nfvOperationResults (Location).
  route("GET", `${SUB}/locations/{location}/nfvOperations/{id}`, (ctx) => {
    const op = operationOf(ctx);
    const body = {
      id: `/subscriptions/${op.subscriptionId}/providers/Microsoft.Network/locations/${op.location}/nfvOperations/${op.id}`,
      name: op.id,
      status: op.status,
      startTime: new Date(op.startedAt).toISOString(),
      ...(op.endedAt === undefined ? {} : { endTime: new Date(op.endedAt).toISOString() }),
      ...(op.error ? { error: op.error } : {}),
    };
    return ok(body, 200, op.status === "InProgress" ? pollHeaders(ctx) : {});
  }),
  route("GET", `${SUB}/locations/{location}/nfvOperationResults/{id}`, (ctx) => {
    const op = operationOf(ctx);
    if (op.status === "InProgress")
      return {
        status: 202,
        headers: { Location: `${ctx.engine.baseUrl}${ctx.path}?${ctx.query.toString()}`, ...pollHeaders(ctx) },
      };
    if (op.error) throw new ArmHttpError(op.status === "Canceled" ? 409 : 500, op.error.code, op.error.message);
    return { status: 204 };
  }),
];
