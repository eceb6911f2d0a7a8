import { createHash } from "node:crypto";

export const subscriptionIdOf = (sub: string): string => `/subscriptions/${sub}`;
export const resourceGroupIdOf = (sub: string, rg: string): string => `/subscriptions/${sub}/resourceGroups/${rg}`;

export const resourceIdOf = (sub: string, rg: string, provider: string, type: string, name: string): string =>
  `${resourceGroupIdOf(sub, rg)}/providers/${provider}/${type}/${name}`;

export const nsgIdOf = (sub: string, rg: string, name: string): string =>
  resourceIdOf(sub, rg, "Microsoft.Network", "networkSecurityGroups", name);

export interface ParsedResourceId {
  subscriptionId: string;
  resourceGroup: string;
  provider: string;
  /** Type/name pairs after the provider, e.g. [["virtualNetworks","vnet"],["subnets","snet"]]. */
  path: [string, string][];
}

/** Parses `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}...]`. */
export function parseResourceId(id: string): ParsedResourceId | undefined {
  const parts = id.split("/").filter((p) => p !== "");
  if (parts.length < 6 || parts.length % 2 !== 0) return undefined;
  const [subs, subscriptionId, rgs, resourceGroup, providers, provider] = parts;
  if (subs?.toLowerCase() !== "subscriptions" || rgs?.toLowerCase() !== "resourcegroups") return undefined;
  if (providers?.toLowerCase() !== "providers" || !subscriptionId || !resourceGroup || !provider) return undefined;
  const path: [string, string][] = [];
  for (let i = 6; i + 1 < parts.length; i += 2) path.push([parts[i] as string, parts[i + 1] as string]);
  if (path.length === 0) return undefined;
  return { subscriptionId, resourceGroup, provider, path };
}

/** Deterministic GUID so seeded ids stay stable across restarts (tests and demos can hard-code them). */
export function stableGuid(...parts: string[]): string {
  const hex = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const newEtag = (): string => `W/"${crypto.randomUUID()}"`;
