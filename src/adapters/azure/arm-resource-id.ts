import { AjarError } from "../../domain/errors.js";

export interface ArmResourceRef {
  subscriptionId: string;
  resourceGroup: string;
  provider: string;
  type: string;
  name: string;
  /** For child resources (subnets): the child type and name. */
  child?: { type: string; name: string };
}

const SEGMENT = /^[^/?#\s]+$/;

/**
 * Parses `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{childType}/{child}]`.
 * Ids come from ARM answers and from users' commands; anything odd is refused before it reaches a URL.
 */
export function parseArmId(id: string, expectedType?: string): ArmResourceRef {
  const parts = id.split("/");
  const ok =
    parts[0] === "" &&
    (parts.length === 9 || parts.length === 11) &&
    parts[1]?.toLowerCase() === "subscriptions" &&
    parts[3]?.toLowerCase() === "resourcegroups" &&
    parts[5]?.toLowerCase() === "providers" &&
    parts.slice(1).every((p) => SEGMENT.test(p));
  if (!ok) throw new AjarError("INPUT.INVALID", `'${id}' is not an Azure resource id.`);
  const ref: ArmResourceRef = {
    subscriptionId: parts[2] as string,
    resourceGroup: parts[4] as string,
    provider: parts[6] as string,
    type: parts[7] as string,
    name: parts[8] as string,
    ...(parts.length === 11 ? { child: { type: parts[9] as string, name: parts[10] as string } } : {}),
  };
  if (expectedType && `${ref.provider}/${ref.type}`.toLowerCase() !== expectedType.toLowerCase()) {
    throw new AjarError("INPUT.INVALID", `'${id}' is not a ${expectedType} id.`);
  }
  return ref;
}

export const sameArmId = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
