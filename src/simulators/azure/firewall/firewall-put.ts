import { badRequest } from "../http/arm-error.js";
import { ok, type RequestContext, type SimResponse } from "../http/context.js";
import { validateClassicNatCollections, validateOpaqueCollections } from "./collection-validation.js";
import { firewallJson } from "./firewall-json.js";
import { keyOfId, type FirewallConfig, type FirewallRecord } from "./firewall-model.js";
import type { FirewallStore } from "./firewall-store.js";
import { asyncHeaders, beginWrite, newEtag } from "./firewall-writes.js";
import { asRecord } from "./nat-rule-validation.js";

const idOf = (value: unknown): string | undefined => {
  const id = asRecord(value)?.["id"];
  return typeof id === "string" && id !== "" ? id : undefined;
};

function parseIpConfigurations(store: FirewallStore, input: unknown, name: string): FirewallConfig["ipConfigurations"] {
  if (!Array.isArray(input) || input.length === 0)
    throw badRequest(
      "AzureFirewallIpConfigurationMissing",
      `Firewall ${name}: ipConfigurations must list at least one IP configuration.`,
    );
  return input.map((item, i) => {
    const raw = asRecord(item) ?? {};
    const props = asRecord(raw["properties"]) ?? {};
    const subnetId = idOf(props["subnet"]) ?? "";
    const publicIpId = idOf(props["publicIPAddress"]);
    const subnet = store.subnet(subnetId);
    if (i === 0 && (!subnet || subnet.name !== "AzureFirewallSubnet")) {
      throw badRequest(
        "AzureFirewallSubnetInvalid",
        `Firewall ${name}: the first IP configuration must reference an existing subnet named 'AzureFirewallSubnet', got '${subnetId}'.`,
      );
    }
    if (!publicIpId || !store.publicIps.has(keyOfId(publicIpId))) {
      throw badRequest(
        "PublicIpAddressNotFound",
        `Firewall ${name}: IP configuration ${i} must reference an existing public IP address, got '${publicIpId ?? ""}'.`,
      );
    }
    const canonical = store.publicIps.get(keyOfId(publicIpId))!.id;
    return {
      name: typeof raw["name"] === "string" ? raw["name"] : `ipconfig${i}`,
      subnetId: subnet?.id ?? subnetId,
      publicIpId: canonical,
    };
  });
}

/** Validates a whole-firewall PUT body into the configuration it would apply. */
function parseFirewall(store: FirewallStore, existing: FirewallRecord, body: unknown): FirewallConfig {
  const raw = asRecord(body);
  const props = raw ? asRecord(raw["properties"]) : undefined;
  if (!raw || !props)
    throw badRequest("InvalidRequestFormat", "Cannot parse the request. The firewall must have a 'properties' object.");
  const location = typeof raw["location"] === "string" ? raw["location"].toLowerCase().replace(/\s+/g, "") : undefined;
  if (location !== existing.location.toLowerCase().replace(/\s+/g, "")) {
    throw badRequest(
      "InvalidResourceLocation",
      `The resource '${existing.name}' already exists in location '${existing.location}'; a PUT must send that location, got '${String(raw["location"])}'.`,
    );
  }
  const ipConfigurations = parseIpConfigurations(store, props["ipConfigurations"], existing.name);
  const policyRef = idOf(props["firewallPolicy"]);
  const policy = policyRef ? store.policies.get(keyOfId(policyRef)) : undefined;
  if (policyRef && !policy)
    throw badRequest(
      "FirewallPolicyNotFound",
      `Firewall ${existing.name}: firewall policy '${policyRef}' does not exist.`,
    );
  const draft: FirewallRecord = { ...existing, config: { ...existing.config, ipConfigurations } };
  const natRuleCollections = validateClassicNatCollections(
    props["natRuleCollections"],
    existing.name,
    store.addressesOf(draft),
  );
  const networkRuleCollections = validateOpaqueCollections(
    props["networkRuleCollections"],
    "networkRuleCollections",
    existing.name,
  );
  const applicationRuleCollections = validateOpaqueCollections(
    props["applicationRuleCollections"],
    "applicationRuleCollections",
    existing.name,
  );
  if (policy && natRuleCollections.length + networkRuleCollections.length + applicationRuleCollections.length > 0) {
    throw badRequest(
      "AzureFirewallPolicyAndRuleCollectionsNotAllowed",
      `Firewall ${existing.name} uses firewall policy ${policy.name}; it cannot also carry classic rule collections.`,
    );
  }
  const sku = asRecord(props["sku"]);
  const tags = asRecord(raw["tags"]) ?? {};
  return {
    tags: Object.fromEntries(Object.entries(tags).filter((e): e is [string, string] => typeof e[1] === "string")),
    ipConfigurations,
    natRuleCollections,
    networkRuleCollections,
    applicationRuleCollections,
    ...(policy ? { firewallPolicyId: policy.id } : {}),
    threatIntelMode:
      typeof props["threatIntelMode"] === "string" ? props["threatIntelMode"] : existing.config.threatIntelMode,
    sku: {
      name: typeof sku?.["name"] === "string" ? sku["name"] : existing.config.sku.name,
      tier: typeof sku?.["tier"] === "string" ? sku["tier"] : existing.config.sku.tier,
    },
  };
}

/** PUT azureFirewalls/{name}: replaces the whole configuration, as a long-running operation. */
export function putFirewall(ctx: RequestContext, store: FirewallStore, existing: FirewallRecord): SimResponse {
  const config = parseFirewall(store, existing, ctx.body);
  const op = beginWrite(ctx, {
    store,
    kind: "PutAzureFirewall",
    lockId: existing.id,
    targetId: existing.id,
    subscriptionId: existing.subscriptionId,
    location: existing.location,
    currentEtag: existing.etag,
    refreshEtag: () => existing.etag,
    accept: () => {
      existing.config = config;
      existing.provisioningState = "Updating";
      existing.etag = newEtag();
    },
    succeed: () => {
      existing.effective = structuredClone(existing.config);
      existing.provisioningState = "Succeeded";
      existing.etag = newEtag();
    },
    fail: () => {
      existing.config = structuredClone(existing.effective);
      existing.provisioningState = "Failed";
      existing.etag = newEtag();
    },
  });
  return ok(firewallJson(store, existing), 200, asyncHeaders(ctx, op));
}
