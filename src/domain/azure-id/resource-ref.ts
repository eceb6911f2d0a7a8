import { AjarError } from "../errors.js";
import { tryParseResourceId } from "./resource-id.js";
import { splitArmPath } from "./scope.js";

/** A resource in a resource group, or one child of it, as ARM's REST paths name them. */
export interface ResourceRef {
  subscriptionId: string;
  resourceGroup: string;
  provider: string;
  type: string;
  name: string;
  /** For child resources (subnets): the child type and name. */
  child?: { type: string; name: string };
}

// Refs end up in request URLs: no query, fragment or whitespace may ride along.
const URL_SAFE = /^[^/?#\s]+$/;

/**
 * Parses `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{childType}/{child}]`.
 * Ids come from ARM answers and from users' commands; anything odd is refused before it reaches a URL.
 */
export function parseResourceRef(id: string, expectedType?: string): ResourceRef {
  const parsed = id.endsWith("/") ? undefined : tryParseResourceId(id);
  const safe = (splitArmPath(id) ?? []).every((s) => URL_SAFE.test(s));
  const { resourceGroup, provider, types = [], names = [] } = parsed ?? {};
  const [type, child] = types;
  const [name, childName] = names;
  if (
    !parsed ||
    !safe ||
    resourceGroup === undefined ||
    provider === undefined ||
    type === undefined ||
    name === undefined ||
    types.length > 2
  ) {
    throw new AjarError("INPUT.INVALID", `'${id}' is not an Azure resource id.`);
  }
  const ref: ResourceRef = {
    subscriptionId: parsed.subscriptionId,
    resourceGroup,
    provider,
    type,
    name,
    ...(child !== undefined && childName !== undefined ? { child: { type: child, name: childName } } : {}),
  };
  if (expectedType && `${ref.provider}/${ref.type}`.toLowerCase() !== expectedType.toLowerCase()) {
    throw new AjarError("INPUT.INVALID", `'${id}' is not a ${expectedType} id.`);
  }
  return ref;
}
