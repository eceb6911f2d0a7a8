import { isIPv4, isIPv6 } from "node:net";

/**
 * Service tags NSG rules accept in a single address prefix. ARM knows hundreds; these are the common
 * ones, each optionally with a `.Region` suffix. A word that is not a tag (say "any") must be rejected
 * the way ARM rejects it, so the list is explicit rather than a pattern.
 */
const SERVICE_TAGS = new Set(
  [
    "Internet",
    "VirtualNetwork",
    "AzureLoadBalancer",
    "AzureCloud",
    "AzureActiveDirectory",
    "AzureMonitor",
    "AzureKeyVault",
    "AzureResourceManager",
    "AzureTrafficManager",
    "AzureBackup",
    "AzureContainerRegistry",
    "AzureCosmosDB",
    "AzureFrontDoor.Backend",
    "AzureFrontDoor.Frontend",
    "ApiManagement",
    "AppService",
    "EventHub",
    "GatewayManager",
    "ServiceBus",
    "Sql",
    "Storage",
  ].map((t) => t.toLowerCase()),
);

const REGIONAL_TAG_BASES = new Set([
  "azurecloud",
  "storage",
  "sql",
  "eventhub",
  "servicebus",
  "appservice",
  "azurekeyvault",
  "azuremonitor",
  "azurecontainerregistry",
  "azurecosmosdb",
  "apimanagement",
]);

export function isServiceTag(value: string): boolean {
  const lower = value.toLowerCase();
  if (SERVICE_TAGS.has(lower)) return true;
  const dot = lower.indexOf(".");
  return dot > 0 && REGIONAL_TAG_BASES.has(lower.slice(0, dot)) && /^[a-z0-9]+$/.test(lower.slice(dot + 1));
}

/** An IPv4/IPv6 address or CIDR block. */
export function isIpOrCidr(value: string): boolean {
  const [address, prefix, ...rest] = value.split("/");
  if (rest.length > 0 || address === undefined) return false;
  const max = isIPv4(address) ? 32 : isIPv6(address) ? 128 : -1;
  if (max < 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= max;
}

/** A single address prefix: `*`, an address, a CIDR block, or a service tag. */
export const isValidSingleAddressPrefix = (value: string): boolean =>
  value === "*" || isIpOrCidr(value) || isServiceTag(value);

/** `*`, a port, or an inclusive range `a-b`, within 0–65535. */
export function isValidPortRange(value: string): boolean {
  if (value === "*") return true;
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(value);
  if (!match) return false;
  const low = Number(match[1]);
  const high = match[2] === undefined ? low : Number(match[2]);
  return low <= 65535 && high <= 65535 && low <= high;
}
