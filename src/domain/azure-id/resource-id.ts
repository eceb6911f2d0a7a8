import { AjarError } from "../errors.js";
import { splitArmPath } from "./scope.js";

/** A subscription-rooted ARM id. `types[i]` is named `names[i]`; types exclude the provider namespace. */
export interface ResourceId {
  subscriptionId: string;
  resourceGroup?: string;
  /** Provider namespace, e.g. Microsoft.Compute; absent for subscription and resource group ids. */
  provider?: string;
  types: string[];
  names: string[];
}

const VM_ID_FORM =
  "/subscriptions/<subscription-id>/resourceGroups/<group>/providers/Microsoft.Compute/virtualMachines/<name>";

const eq = (a: string | undefined, b: string): boolean => a !== undefined && a.toLowerCase() === b.toLowerCase();

export function tryParseResourceId(id: string): ResourceId | undefined {
  const segments = splitArmPath(id);
  if (segments === undefined || !eq(segments[0], "subscriptions") || segments[1] === undefined) return undefined;
  const result: ResourceId = { subscriptionId: segments[1], types: [], names: [] };
  let i = 2;
  if (eq(segments[i], "resourceGroups")) {
    const group = segments[i + 1];
    if (group === undefined) return undefined;
    result.resourceGroup = group;
    i += 2;
  }
  if (i === segments.length) return result;
  if (!eq(segments[i], "providers") || segments[i + 1] === undefined) return undefined;
  result.provider = segments[i + 1];
  const rest = segments.slice(i + 2);
  // An odd tail is a type without a name; a nested "providers" is an extension resource, not handled here.
  if (rest.length === 0 || rest.length % 2 !== 0) return undefined;
  for (let j = 0; j < rest.length; j += 2) {
    const [type, name] = [rest[j], rest[j + 1]];
    if (type === undefined || name === undefined || eq(type, "providers")) return undefined;
    result.types.push(type);
    result.names.push(name);
  }
  return result;
}

export function parseResourceId(id: string): ResourceId {
  const parsed = tryParseResourceId(id);
  if (parsed === undefined) {
    throw new AjarError("INPUT.INVALID", `"${id}" is not an Azure resource id. A VM id looks like ${VM_ID_FORM}.`);
  }
  return parsed;
}

/** Rebuilds the id with ARM's usual key casing; values keep their casing. */
export function formatResourceId(id: ResourceId): string {
  let out = `/subscriptions/${id.subscriptionId}`;
  if (id.resourceGroup !== undefined) out += `/resourceGroups/${id.resourceGroup}`;
  if (id.provider === undefined) return out;
  out += `/providers/${id.provider}`;
  id.types.forEach((type, i) => {
    out += `/${type}/${id.names[i] ?? ""}`;
  });
  return out;
}

export function isVmResourceId(id: string): boolean {
  const parsed = tryParseResourceId(id);
  return (
    parsed !== undefined &&
    parsed.resourceGroup !== undefined &&
    eq(parsed.provider, "Microsoft.Compute") &&
    parsed.types.length === 1 &&
    eq(parsed.types[0], "virtualMachines")
  );
}

/** Parses an id that must name a VM, with a message that shows the expected shape. */
export function parseVmResourceId(id: string): ResourceId & { resourceGroup: string; name: string } {
  const parsed = tryParseResourceId(id);
  const name = parsed?.names[0];
  if (parsed === undefined || !isVmResourceId(id) || parsed.resourceGroup === undefined || name === undefined) {
    throw new AjarError("INPUT.INVALID", `"${id}" is not a virtual machine id. It should look like ${VM_ID_FORM}.`);
  }
  return { ...parsed, resourceGroup: parsed.resourceGroup, name };
}

/** The last segment of an ARM id: the resource's own name, for messages and listings. */
export const resourceName = (id: string): string => id.slice(id.lastIndexOf("/") + 1);
