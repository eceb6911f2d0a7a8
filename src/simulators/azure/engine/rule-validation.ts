import { badRequest, type ArmHttpError } from "../http/arm-error.js";
import { keyOf, type NsgRecord, type RuleProperties } from "../state/model.js";
import { isIpOrCidr, isValidPortRange, isValidSingleAddressPrefix } from "./address-prefix.js";

/** Network resource names: 1–80 chars, start alphanumeric, end alphanumeric or '_', inner `.`/`-`/`_`. */
const RULE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,78}[A-Za-z0-9_])?$/;
const PROTOCOLS = ["Tcp", "Udp", "Icmp", "Esp", "Ah", "*"] as const;

export function validateRuleName(name: string): void {
  if (!RULE_NAME.test(name)) {
    throw badRequest(
      "InvalidResourceName",
      `Resource name ${name} is invalid. The name can be up to 80 characters long. It must begin with a word character, and it must end with a word character or with '_'. The name may contain word characters or '.', '-', '_'.`,
    );
  }
}

type Raw = Record<string, unknown>;

const asRecord = (value: unknown): Raw | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Raw) : undefined;

function optionalString(raw: Raw, key: string): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string")
    throw badRequest("InvalidRequestFormat", `Cannot parse the request. Property '${key}' must be a string.`);
  return value;
}

function stringArray(raw: Raw, key: string): string[] {
  const value = raw[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw badRequest(
      "InvalidRequestFormat",
      `Cannot parse the request. Property '${key}' must be an array of strings.`,
    );
  }
  return value as string[];
}

function pickEnum<T extends string>(raw: Raw, key: string, allowed: readonly T[], ruleId: string): T {
  const value = raw[key];
  if (value === undefined || value === null) {
    throw badRequest(
      "SecurityRuleParametersMissing",
      `Required security rule parameters are missing for security rule with Id: ${ruleId}. Security rule must specify ${key}.`,
    );
  }
  const found = allowed.find((a) => typeof value === "string" && a.toLowerCase() === value.toLowerCase());
  if (!found)
    throw badRequest(
      "InvalidRequestFormat",
      `Cannot parse the request. Value '${String(value)}' is not valid for property '${key}'; expected one of ${allowed.join(", ")}.`,
    );
  return found;
}

/** ARM's singular/plural property pairs: exactly one of the two must be given. */
function readPair(raw: Raw, singular: string, plural: string, ruleId: string): { one?: string; many: string[] } {
  const one = optionalString(raw, singular);
  const many = stringArray(raw, plural);
  if (one === undefined && many.length === 0) {
    throw badRequest(
      "SecurityRuleParametersMissing",
      `Required security rule parameters are missing for security rule with Id: ${ruleId}. Security rule must specify ${plural} or ${singular}.`,
    );
  }
  if (one !== undefined && many.length > 0) {
    throw badRequest(
      "SecurityRuleParametersInvalid",
      `Security rule ${ruleId} specifies both ${singular} and ${plural}; only one of them may be set.`,
    );
  }
  return { one, many };
}

/** One of the singular/plural pair, never both; the plural form takes no `*` and no service tags. */
function addressPair(raw: Raw, singular: string, plural: string, ruleId: string): { one?: string; many: string[] } {
  const { one, many } = readPair(raw, singular, plural, ruleId);
  for (const value of one === undefined ? [] : [one]) {
    if (!isValidSingleAddressPrefix(value)) throw invalidPrefix(ruleId, value);
  }
  for (const value of many) {
    if (value === "*" || (!isIpOrCidr(value) && isValidSingleAddressPrefix(value))) {
      throw badRequest(
        "SecurityRuleParameterContainsUnsupportedValue",
        `Security rule parameter ${plural} for rule with Id ${ruleId} cannot specify existing VIRTUALNETWORK, INTERNET, AZURELOADBALANCER, '*' or system tags. Unsupported value used: ${value}.`,
      );
    }
    if (!isIpOrCidr(value)) throw invalidPrefix(ruleId, value);
  }
  return { one, many };
}

const invalidPrefix = (ruleId: string, value: string): ArmHttpError =>
  badRequest(
    "SecurityRuleInvalidAddressPrefix",
    `Security rule ${ruleId} has invalid Address prefix. Value provided: ${value}`,
  );

function portPair(raw: Raw, singular: string, plural: string, ruleId: string): { one?: string; many: string[] } {
  const { one, many } = readPair(raw, singular, plural, ruleId);
  for (const value of [...(one === undefined ? [] : [one]), ...many]) {
    if (!isValidPortRange(value)) {
      throw badRequest(
        "SecurityRuleInvalidPortRange",
        `Security rule has invalid Port range. Value provided: ${value}. Value should be an integer OR integer range with '-' delimiter. Valid range 0-65535.`,
      );
    }
  }
  return { one, many };
}

/** Validates the `properties` of a security rule PUT the way the network resource provider does. */
export function validateRuleProperties(ruleId: string, input: unknown): RuleProperties {
  const raw = asRecord(input);
  if (!raw)
    throw badRequest(
      "InvalidRequestFormat",
      "Cannot parse the request. The security rule must have a 'properties' object.",
    );
  const priority = raw["priority"];
  if (typeof priority !== "number" || !Number.isInteger(priority) || priority < 100 || priority > 4096) {
    throw badRequest(
      "SecurityRuleInvalidPriority",
      `Security rule has invalid Priority. Value provided: ${String(priority)} Allowed range 100-4096.`,
    );
  }
  const description = optionalString(raw, "description");
  if (description !== undefined && description.length > 140) {
    throw badRequest(
      "SecurityRuleDescriptionTooLong",
      `Security rule ${ruleId} has a description of ${description.length} characters; at most 140 are allowed.`,
    );
  }
  const protocol = pickEnum(raw, "protocol", PROTOCOLS, ruleId);
  const access = pickEnum(raw, "access", ["Allow", "Deny"] as const, ruleId);
  const direction = pickEnum(raw, "direction", ["Inbound", "Outbound"] as const, ruleId);
  const source = addressPair(raw, "sourceAddressPrefix", "sourceAddressPrefixes", ruleId);
  const destination = addressPair(raw, "destinationAddressPrefix", "destinationAddressPrefixes", ruleId);
  const sourcePorts = portPair(raw, "sourcePortRange", "sourcePortRanges", ruleId);
  const destinationPorts = portPair(raw, "destinationPortRange", "destinationPortRanges", ruleId);
  return {
    protocol,
    access,
    direction,
    priority,
    ...(description === undefined ? {} : { description }),
    ...(source.one === undefined ? {} : { sourceAddressPrefix: source.one }),
    sourceAddressPrefixes: source.many,
    ...(destination.one === undefined ? {} : { destinationAddressPrefix: destination.one }),
    destinationAddressPrefixes: destination.many,
    ...(sourcePorts.one === undefined ? {} : { sourcePortRange: sourcePorts.one }),
    sourcePortRanges: sourcePorts.many,
    ...(destinationPorts.one === undefined ? {} : { destinationPortRange: destinationPorts.one }),
    destinationPortRanges: destinationPorts.many,
  };
}

/** Two rules in one NSG may not share priority and direction (ARM: 400 SecurityRuleConflict). */
export function checkPriorityConflict(nsg: NsgRecord, ruleName: string, props: RuleProperties): void {
  checkPriorityConflictIn(nsg.rules.values(), ruleName, props);
}

/** The same check against a rule set that is not (yet) the NSG's, e.g. the body of a whole-NSG PUT. */
export function checkPriorityConflictIn(
  rules: Iterable<{ name: string; properties: RuleProperties }>,
  ruleName: string,
  props: RuleProperties,
): void {
  for (const other of rules) {
    if (keyOf(other.name) === keyOf(ruleName)) continue;
    if (other.properties.priority === props.priority && other.properties.direction === props.direction) {
      throw badRequest(
        "SecurityRuleConflict",
        `Security rule ${ruleName} conflicts with rule ${other.name}. Rules cannot have the same Priority and Direction. To learn more, see aka.ms/nsgrules.`,
      );
    }
  }
}
