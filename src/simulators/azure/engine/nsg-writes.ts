import { badRequest } from "../http/arm-error.js";
import { newEtag } from "../state/arm-ids.js";
import { keyOf, type NsgRecord, type RuleProperties, type RuleRecord } from "../state/model.js";
import type { LroOperation } from "./operations.js";
import { checkPriorityConflictIn, validateRuleName, validateRuleProperties } from "./rule-validation.js";
import { startNsgOperation } from "./rule-writes.js";
import type { SimEngine } from "./sim-engine.js";

export interface NsgPutBody {
  location?: string;
  tags: Record<string, string>;
  rules: { name: string; properties: RuleProperties }[];
}

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/**
 * Validates the body of `PUT .../networkSecurityGroups/{name}` (NetworkSecurityGroups_CreateOrUpdate in
 * networkSecurityGroup.json): `location`, `tags`, and `properties.securityRules[]` as `{ name, properties }`
 * (id, etag, type are read-only and ignored). `defaultSecurityRules` are read-only: ignored too. An absent
 * `securityRules` is an empty set, as PUT replaces the resource.
 */
export function parseNsgPutBody(nsgId: string, body: unknown): NsgPutBody {
  const raw = asRecord(body);
  if (!raw)
    throw badRequest(
      "InvalidRequestFormat",
      "Cannot parse the request. The body must be a network security group object.",
    );
  const location = raw["location"];
  if (location !== undefined && typeof location !== "string")
    throw badRequest("InvalidRequestFormat", "Cannot parse the request. Property 'location' must be a string.");
  const tags = asRecord(raw["tags"] ?? {});
  if (!tags || Object.values(tags).some((v) => typeof v !== "string"))
    throw badRequest("InvalidRequestFormat", "Cannot parse the request. Property 'tags' must map names to strings.");
  const list = asRecord(raw["properties"] ?? {})?.["securityRules"] ?? [];
  if (!Array.isArray(list))
    throw badRequest(
      "InvalidRequestFormat",
      "Cannot parse the request. Property 'properties.securityRules' must be an array.",
    );
  const rules: NsgPutBody["rules"] = [];
  for (const item of list) {
    const name = asRecord(item)?.["name"];
    if (typeof name !== "string")
      throw badRequest("InvalidRequestFormat", "Cannot parse the request. Every security rule must have a 'name'.");
    validateRuleName(name);
    if (rules.some((r) => keyOf(r.name) === keyOf(name))) {
      throw badRequest(
        "DuplicateResourceName",
        `Resource ${nsgId} has two child resources with the same name (${name}).`,
      );
    }
    const properties = validateRuleProperties(`${nsgId}/securityRules/${name}`, asRecord(item)?.["properties"]);
    checkPriorityConflictIn(rules, name, properties);
    rules.push({ name, properties });
  }
  return { ...(location === undefined ? {} : { location }), tags: tags as Record<string, string>, rules };
}

const sameProperties = (a: RuleProperties, b: RuleProperties): boolean => JSON.stringify(a) === JSON.stringify(b);
const normalizedLocation = (location: string): string => location.replace(/\s+/g, "").toLowerCase();

/**
 * Starts a whole-NSG PUT as the network RP runs it: the body's rule set replaces `securityRules` at once
 * (rules left out are gone, new or changed ones `Updating` with a new etag, unchanged ones keep theirs),
 * the NSG is `Updating` and busy until the operation completes. Canceled: the previous set comes back.
 */
export function beginPutNsg(engine: SimEngine, nsg: NsgRecord, body: NsgPutBody): LroOperation {
  if (body.location !== undefined && normalizedLocation(body.location) !== normalizedLocation(nsg.location)) {
    throw badRequest(
      "InvalidResourceLocation",
      `The resource '${nsg.name}' already exists in location '${nsg.location}' in resource group. A resource with the same name cannot be created in location '${body.location}'.`,
    );
  }
  return startNsgOperation(engine, nsg, "PutNetworkSecurityGroupOperation", undefined, () => {
    const before = { rules: nsg.rules, tags: nsg.tags };
    const next = new Map<string, RuleRecord>();
    const written: RuleRecord[] = [];
    for (const { name, properties } of body.rules) {
      const existing = nsg.rules.get(keyOf(name));
      if (existing && existing.provisioningState === "Succeeded" && sameProperties(existing.properties, properties)) {
        next.set(keyOf(name), existing);
        continue;
      }
      const rule: RuleRecord = {
        name: existing?.name ?? name,
        etag: newEtag(),
        provisioningState: "Updating",
        properties,
      };
      written.push(rule);
      next.set(keyOf(name), rule);
    }
    nsg.rules = next;
    nsg.tags = { ...body.tags };
    nsg.provisioningState = "Updating";
    nsg.etag = newEtag();
    const end = (state: "Succeeded" | "Failed") => () => {
      for (const rule of written) rule.provisioningState = state;
      nsg.provisioningState = state;
      nsg.etag = newEtag();
    };
    return {
      onSucceeded: end("Succeeded"),
      onFailed: end("Failed"),
      onCanceled: () => {
        if (nsg.rules === next) nsg.rules = before.rules;
        nsg.tags = before.tags;
        nsg.provisioningState = "Succeeded";
        nsg.etag = newEtag();
      },
    };
  });
}
