import { resourceName } from "../../domain/azure-id/resource-id.js";
import { parseResourceRef } from "../../domain/azure-id/resource-ref.js";
import {
  AJAR_FIREWALL_COLLECTION,
  type FirewallAccess,
  type FirewallSnapshot,
  type FirewallWriteOutcome,
  type OwnedDnat,
} from "../../domain/ports/firewall-access.port.js";
import type { ArmClients } from "./arm-clients.js";
import { isAzureCloudError } from "./azure-cloud-error.js";
import { CONDITIONAL_WRITE_POLICY_NAME, conditionalWritePolicy } from "./conditional-write-policy.js";
import { toClassicCollection, toPolicyCollections } from "./firewall-mapping.js";
import { readClassic, readPolicy, type FirewallBase } from "./firewall-reads.js";
import { translateArmError } from "./translate-arm-error.js";

export interface AzureFirewallAccessOptions {
  clients: (subscriptionId: string) => ArmClients;
  /** Poll interval for firewall operations (they take minutes); ARM's Retry-After overrides it. Default 5000 ms. */
  pollIntervalMs?: number;
}

const BUSY_CODES = /^(AnotherOperationInProgress|RetryableError.*|SubscriptionRequestsThrottled|TooManyRequests)$/i;
const DEFAULT_BUSY_WAIT_MS = 10_000;

const isPolicyId = (id: string): boolean => /\/providers\/Microsoft\.Network\/firewallPolicies\//i.test(id);

/** FirewallAccess over @azure/arm-network: reads ajar's part with its etag, writes it back with If-Match. */
export class AzureFirewallAccess implements FirewallAccess {
  private readonly pollIntervalMs: number;

  constructor(private readonly options: AzureFirewallAccessOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 5000;
  }

  private network(subscriptionId: string) {
    const network = this.options.clients(subscriptionId).network;
    if (!network.pipeline.getOrderedPolicies().some((p) => p.name === CONDITIONAL_WRITE_POLICY_NAME))
      network.pipeline.addPolicy(conditionalWritePolicy);
    return network;
  }

  async read(id: string, signal?: AbortSignal): Promise<FirewallSnapshot> {
    const network = (sub: string) => this.network(sub);
    try {
      return isPolicyId(id) ? await readPolicy(id, network, signal) : await readClassic(id, network, signal);
    } catch (error) {
      throw translateArmError(error, `reading firewall ${resourceName(id)}`);
    }
  }

  async write(
    snapshot: FirewallSnapshot,
    owned: OwnedDnat | undefined,
    signal?: AbortSignal,
  ): Promise<FirewallWriteOutcome> {
    const base = snapshot.base as FirewallBase;
    const ref = parseResourceRef(snapshot.id);
    const conditions: Record<string, string> =
      snapshot.etag === undefined ? { "If-None-Match": "*" } : { "If-Match": snapshot.etag };
    const options = {
      abortSignal: signal,
      updateIntervalInMs: this.pollIntervalMs,
      requestOptions: { customHeaders: conditions },
    };
    const network = this.network(ref.subscriptionId);
    let poller:
      | {
          getOperationState(): { status: string };
          pollUntilDone(o: { abortSignal?: AbortSignal | undefined }): Promise<unknown>;
        }
      | undefined;
    try {
      if (base.model === "classic") {
        const others = (base.firewall.natRuleCollections ?? []).filter(
          (c) => c.name?.toLowerCase() !== AJAR_FIREWALL_COLLECTION,
        );
        const firewall = {
          ...base.firewall,
          natRuleCollections: owned && owned.rules.length > 0 ? [...others, toClassicCollection(owned)] : others,
        };
        poller = await network.azureFirewalls.beginCreateOrUpdate(ref.resourceGroup, ref.name, firewall, options);
      } else {
        // Nothing of ajar's is there and nothing is wanted: there is nothing to write.
        if (owned === undefined && snapshot.owned === undefined) return { kind: "applied" };
        const group = {
          priority: owned?.priority ?? snapshot.owned?.priority ?? 0,
          ruleCollections: toPolicyCollections(owned),
        };
        poller = await network.firewallPolicyRuleCollectionGroups.beginCreateOrUpdate(
          ref.resourceGroup,
          ref.name,
          AJAR_FIREWALL_COLLECTION,
          group,
          options,
        );
      }
      await poller.pollUntilDone({ abortSignal: signal });
      return { kind: "applied" };
    } catch (error) {
      if (signal?.aborted) throw error;
      if (poller?.getOperationState().status === "canceled") return { kind: "stale", reason: "superseded" };
      const translated = translateArmError(
        error,
        `writing the ${AJAR_FIREWALL_COLLECTION} rules of firewall ${ref.name}`,
      );
      if (isAzureCloudError(translated)) {
        if (translated.statusCode === 412 || translated.armCode === "PreconditionFailed")
          return { kind: "stale", reason: "precondition-failed" };
        if (translated.armCode === "CanceledAndSupersededDueToAnotherOperation")
          return { kind: "stale", reason: "superseded" };
        if (
          (translated.statusCode === 409 || translated.statusCode === 429) &&
          BUSY_CODES.test(translated.armCode ?? "")
        ) {
          return { kind: "busy", retryAfterMs: translated.retryAfterMs ?? DEFAULT_BUSY_WAIT_MS };
        }
      }
      throw translated;
    }
  }
}
