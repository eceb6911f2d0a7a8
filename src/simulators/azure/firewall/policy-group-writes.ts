import { badRequest } from "../http/arm-error.js";
import { ok, type RequestContext, type SimResponse } from "../http/context.js";
import { validateGroupName, validateRuleCollectionGroup } from "./collection-validation.js";
import { ruleCollectionGroupJson } from "./firewall-json.js";
import type { PolicyRecord, RuleCollectionGroupRecord } from "./firewall-model.js";
import type { FirewallStore } from "./firewall-store.js";
import { asyncHeaders, beginWrite, newEtag, operationUrl } from "./firewall-writes.js";
import { asRecord } from "./nat-rule-validation.js";

const existsNow = (group: RuleCollectionGroupRecord | undefined): group is RuleCollectionGroupRecord =>
  group?.config !== undefined;

/** PUT ruleCollectionGroups/{name}: replaces that group alone; the policy serializes the operations. */
export function putGroup(ctx: RequestContext, store: FirewallStore, policy: PolicyRecord, name: string): SimResponse {
  validateGroupName(name);
  const config = validateRuleCollectionGroup(
    asRecord(ctx.body)?.["properties"],
    name,
    store.policyDestinations(policy.id),
  );
  const key = name.toLowerCase();
  const found = policy.groups.get(key);
  const sameSlot = [...policy.groups.values()].find((g) => g !== found && g.config?.priority === config.priority);
  if (sameSlot)
    throw badRequest(
      "DuplicatePriority",
      `Firewall policy ${policy.name}: rule collection groups '${sameSlot.name}' and '${name}' cannot both have priority ${config.priority}.`,
    );
  const group: RuleCollectionGroupRecord = found ?? {
    id: `${policy.id}/ruleCollectionGroups/${name}`,
    name,
    etag: newEtag(),
    provisioningState: "Updating",
    config: undefined,
    effective: undefined,
  };
  const created = !existsNow(found);
  const op = beginWrite(ctx, {
    store,
    kind: "PutFirewallPolicyRuleCollectionGroup",
    lockId: policy.id,
    targetId: group.id,
    subscriptionId: policy.subscriptionId,
    location: policy.location,
    currentEtag: existsNow(found) ? found.etag : undefined,
    refreshEtag: () => {
      const now = policy.groups.get(key);
      return existsNow(now) ? now.etag : undefined;
    },
    accept: () => {
      policy.groups.set(key, group);
      group.config = config;
      group.provisioningState = "Updating";
      group.etag = newEtag();
      policy.etag = newEtag();
    },
    succeed: () => {
      group.effective = structuredClone(group.config);
      group.provisioningState = "Succeeded";
      group.etag = newEtag();
    },
    fail: () => {
      group.config = structuredClone(group.effective);
      group.provisioningState = "Failed";
      group.etag = newEtag();
    },
  });
  return ok(ruleCollectionGroupJson(group), created ? 201 : 200, asyncHeaders(ctx, op));
}

/** DELETE ruleCollectionGroups/{name}: 204 when there is nothing to delete. */
export function deleteGroup(
  ctx: RequestContext,
  store: FirewallStore,
  policy: PolicyRecord,
  name: string,
): SimResponse {
  const group = policy.groups.get(name.toLowerCase());
  if (!existsNow(group)) return { status: 204 };
  const op = beginWrite(ctx, {
    store,
    kind: "DeleteFirewallPolicyRuleCollectionGroup",
    lockId: policy.id,
    targetId: group.id,
    subscriptionId: policy.subscriptionId,
    location: policy.location,
    currentEtag: group.etag,
    refreshEtag: () => group.etag,
    accept: () => {
      group.provisioningState = "Updating";
      policy.etag = newEtag();
    },
    succeed: () => {
      group.config = undefined;
      group.effective = undefined;
      policy.groups.delete(name.toLowerCase());
    },
    fail: () => {
      group.provisioningState = "Failed";
    },
  });
  return { status: 202, headers: { ...asyncHeaders(ctx, op), Location: operationUrl(ctx, op, "nfvOperationResults") } };
}
