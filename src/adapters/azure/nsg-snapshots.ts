import type { NetworkManagementClient, NetworkSecurityGroup } from "@azure/arm-network";

import { parseResourceRef } from "../../domain/azure-id/resource-ref.js";
import type { NsgSnapshot, SecurityRuleSpec } from "../../domain/ports/network-access.port.js";
import { isAjarRule } from "../../domain/rules/rule-naming.js";
import { AzureCloudError } from "./azure-cloud-error.js";
import { toArmRule, toRuleInfo } from "./rule-mapping.js";
import { translateArmError } from "./translate-arm-error.js";

export const NSG_TYPE = "Microsoft.Network/networkSecurityGroups";

export function toSnapshot(nsg: NetworkSecurityGroup): NsgSnapshot {
  return { id: nsg.id ?? "", etag: nsg.etag ?? "", rules: (nsg.securityRules ?? []).map(toRuleInfo), raw: nsg };
}

export async function getSnapshot(
  network: NetworkManagementClient,
  nsgId: string,
  signal?: AbortSignal,
): Promise<NsgSnapshot> {
  const ref = parseResourceRef(nsgId, NSG_TYPE);
  try {
    return toSnapshot(await network.networkSecurityGroups.get(ref.resourceGroup, ref.name, { abortSignal: signal }));
  } catch (error) {
    throw translateArmError(error, `reading NSG ${ref.name}`);
  }
}

export async function listSnapshots(
  network: NetworkManagementClient,
  subscriptionId: string,
  signal?: AbortSignal,
): Promise<NsgSnapshot[]> {
  const out: NsgSnapshot[] = [];
  try {
    // listAll returns each NSG with its rules and etag inline: one paged call per subscription.
    for await (const nsg of network.networkSecurityGroups.listAll({ abortSignal: signal }))
      if (nsg.id) out.push(toSnapshot(nsg));
    return out;
  } catch (error) {
    throw translateArmError(error, `listing the NSGs of subscription ${subscriptionId}`);
  }
}

/**
 * One PUT of the whole NSG, guarded by the etag it was read with, as cloud-provider-azure writes the
 * NSGs it manages. Everyone else's rules go back exactly as ARM returned them; only rules named
 * `ajar-…` are replaced. Default rules are ARM's and are not sent.
 */
export async function replaceAjarRules(
  network: NetworkManagementClient,
  snapshot: NsgSnapshot,
  ajarRules: SecurityRuleSpec[],
  pollIntervalMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const ref = parseResourceRef(snapshot.id, NSG_TYPE);
  const raw = snapshot.raw as NetworkSecurityGroup | undefined;
  if (!raw) throw new Error(`NSG snapshot of ${ref.name} has no resource to write back`);
  const body: NetworkSecurityGroup = {
    location: raw.location,
    ...(raw.tags ? { tags: raw.tags } : {}),
    ...(raw.flushConnection !== undefined ? { flushConnection: raw.flushConnection } : {}),
    securityRules: [
      ...(raw.securityRules ?? []).filter((r) => !isAjarRule(r.name ?? "")),
      ...ajarRules.map((spec) => ({ name: spec.name, ...toArmRule(spec) })),
    ],
  };
  let poller: { getOperationState(): { status: string } } | undefined;
  try {
    const started = await network.networkSecurityGroups.beginCreateOrUpdate(ref.resourceGroup, ref.name, body, {
      abortSignal: signal,
      updateIntervalInMs: pollIntervalMs,
      requestOptions: { customHeaders: { "If-Match": snapshot.etag } },
    });
    poller = started;
    await started.pollUntilDone({ abortSignal: signal });
  } catch (error) {
    throw translateWrite(error, poller, signal, `writing NSG ${ref.name}`);
  }
}

/**
 * core-lro reports an operation ARM ended `Canceled` as a bare "Operation was canceled", the same words
 * as our own abort. When we did not abort, ARM canceled it: superseded by a later write, so read again.
 */
export function translateWrite(
  error: unknown,
  poller: { getOperationState(): { status: string } } | undefined,
  signal: AbortSignal | undefined,
  context: string,
): Error {
  if (!signal?.aborted && poller?.getOperationState().status === "canceled") {
    return new AzureCloudError(
      "CLOUD.STALE",
      `Azure canceled ${context} because a later change superseded it; ajar reads the NSG again.`,
      { retryable: true, armCode: "Canceled" },
    );
  }
  return translateArmError(error, context);
}
