import { badRequest } from "../http/arm-error.js";
import type { ClassicNatCollection, PolicyRuleCollection, RuleCollectionGroupConfig } from "./firewall-model.js";
import { asRecord, checkUnique, optionalText, priorityOf, validateNatRule } from "./nat-rule-validation.js";

/** Classic `natRuleCollections` (AzureFirewallNatRuleCollection): fields under `properties`. */
export function validateClassicNatCollections(
  input: unknown,
  firewallName: string,
  destinations: string[],
): ClassicNatCollection[] {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input))
    throw badRequest("InvalidRequestFormat", `Firewall ${firewallName}: natRuleCollections must be an array.`);
  const collections = input.map((item, i) => {
    const raw = asRecord(item);
    const name = raw ? optionalText(raw, "name", `natRuleCollections[${i}]`) : undefined;
    if (!raw || !name)
      throw badRequest("InvalidRequestFormat", `Firewall ${firewallName}: natRuleCollections[${i}] needs a name.`);
    const where = `Firewall ${firewallName}, NAT rule collection '${name}'`;
    const props = asRecord(raw["properties"]);
    if (!props) throw badRequest("InvalidRequestFormat", `${where}: the collection must have a 'properties' object.`);
    const priority = priorityOf(props, where);
    const action = asRecord(props["action"])?.["type"];
    if (action !== "Dnat") {
      throw badRequest(
        "InvalidNatRuleCollectionAction",
        `${where}: action '${String(action)}' is not supported; NAT rule collections take action type 'Dnat'.`,
      );
    }
    const rules = props["rules"];
    if (!Array.isArray(rules)) throw badRequest("InvalidRequestFormat", `${where}: 'rules' must be an array.`);
    const parsed = rules.map((r) => validateNatRule(r, "protocols", where, destinations));
    checkUnique(parsed, "rule", where, false);
    return { name, priority, action: "Dnat" as const, rules: parsed };
  });
  checkUnique(collections, "NAT rule collection", `Firewall ${firewallName}`, true);
  return collections;
}

/** Other classic collections: only names and priorities are checked; the rest is stored as sent. */
export function validateOpaqueCollections(input: unknown, key: string, firewallName: string): unknown[] {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input))
    throw badRequest("InvalidRequestFormat", `Firewall ${firewallName}: ${key} must be an array.`);
  const named = input.map((item, i) => {
    const raw = asRecord(item);
    const name = raw ? optionalText(raw, "name", `${key}[${i}]`) : undefined;
    if (!raw || !name) throw badRequest("InvalidRequestFormat", `Firewall ${firewallName}: ${key}[${i}] needs a name.`);
    return {
      name,
      priority: priorityOf(asRecord(raw["properties"]) ?? {}, `Firewall ${firewallName}, ${key} '${name}'`),
    };
  });
  checkUnique(named, key.replace(/s$/, ""), `Firewall ${firewallName}`, true);
  return structuredClone(input);
}

const GROUP_NAME = /^[^_\W][\w.-]{0,79}$/;

export function validateGroupName(name: string): void {
  if (!GROUP_NAME.test(name) || name.endsWith("-") || name.endsWith(".")) {
    throw badRequest(
      "InvalidResourceName",
      `Resource name ${name} is invalid. A rule collection group name has 1-80 word characters, '.', '-' or '_', starts with a letter or digit and does not end with '.' or '-'.`,
    );
  }
}

/** A rule collection group's `properties` (FirewallPolicyRuleCollectionGroupProperties). */
export function validateRuleCollectionGroup(
  input: unknown,
  groupName: string,
  destinations: string[] | undefined,
): RuleCollectionGroupConfig {
  const where = `Rule collection group '${groupName}'`;
  const props = asRecord(input);
  if (!props) throw badRequest("InvalidRequestFormat", `${where}: the request must have a 'properties' object.`);
  const priority = priorityOf(props, where);
  const raw = props["ruleCollections"] ?? [];
  if (!Array.isArray(raw)) throw badRequest("InvalidRequestFormat", `${where}: 'ruleCollections' must be an array.`);
  const ruleCollections = raw.map((item, i) =>
    parseRuleCollection(item, `${where}, ruleCollections[${i}]`, destinations),
  );
  checkUnique(ruleCollections, "rule collection", where, true);
  return { priority, ruleCollections };
}

function parseRuleCollection(item: unknown, at: string, destinations: string[] | undefined): PolicyRuleCollection {
  const raw = asRecord(item);
  if (!raw) throw badRequest("InvalidRequestFormat", `${at}: a rule collection must be an object.`);
  const name = optionalText(raw, "name", at);
  if (!name) throw badRequest("InvalidRequestFormat", `${at}: every rule collection needs a name.`);
  const where = `${at} '${name}'`;
  const priority = priorityOf(raw, where);
  const type = raw["ruleCollectionType"];
  const action = asRecord(raw["action"])?.["type"];
  const rules = raw["rules"] ?? [];
  if (!Array.isArray(rules)) throw badRequest("InvalidRequestFormat", `${where}: 'rules' must be an array.`);
  if (type === "FirewallPolicyFilterRuleCollection") {
    if (action !== "Allow" && action !== "Deny")
      throw badRequest(
        "InvalidRuleCollectionAction",
        `${where}: a filter rule collection takes action 'Allow' or 'Deny', got '${String(action)}'.`,
      );
    return { ruleCollectionType: type, name, priority, raw: structuredClone(raw) };
  }
  if (type !== "FirewallPolicyNatRuleCollection") {
    throw badRequest(
      "InvalidRuleCollectionType",
      `${where}: ruleCollectionType '${String(type)}' is not one of FirewallPolicyNatRuleCollection, FirewallPolicyFilterRuleCollection.`,
    );
  }
  if (action !== "DNAT")
    throw badRequest(
      "InvalidRuleCollectionAction",
      `${where}: a NAT rule collection takes action 'DNAT', got '${String(action)}'.`,
    );
  const parsed = rules.map((r) => {
    const ruleType = asRecord(r)?.["ruleType"];
    if (ruleType !== "NatRule")
      throw badRequest(
        "InvalidRuleType",
        `${where}: a NAT rule collection holds only rules of ruleType 'NatRule', got '${String(ruleType)}'.`,
      );
    return validateNatRule(r, "ipProtocols", where, destinations);
  });
  checkUnique(parsed, "rule", where, false);
  return { ruleCollectionType: type, name, priority, action: { type: "DNAT" }, rules: parsed };
}
