/**
 * What the firewall path needs from Azure Firewall. ajar owns one part of a firewall and nothing
 * else: with classic rules the NAT rule collection `ajar-jit` (written with a whole-firewall PUT that
 * carries everything else as read), with a Firewall Policy the rule collection group `ajar-jit`
 * (replaced alone). Both writes are conditioned on the etag that was read.
 */

export type FirewallModel = "classic" | "policy";

/** A DNAT rule as Azure holds it (anyone's), for scans and to keep clear of ports others use. */
export interface FirewallDnatRule {
  /** Rule collection (and, for a policy, its group) the rule sits in. */
  collection: string;
  group?: string;
  name: string;
  description?: string;
  sourceAddresses: string[];
  /** Rules may name IP groups instead of addresses; those are not expanded here. */
  sourceIpGroups: string[];
  destinationAddresses: string[];
  destinationPorts: string[];
  protocols: string[];
  translatedAddress?: string;
  translatedFqdn?: string;
  translatedPort?: string;
}

/** A DNAT rule ajar writes for one grant. */
export interface AjarDnatRule {
  name: string;
  description: string;
  sourceAddresses: string[];
  destinationAddress: string;
  destinationPort: number;
  translatedAddress: string;
  translatedPort: number;
  protocols: ("TCP" | "UDP")[];
}

/** ajar's collection: its priority (of the collection, or of the group for a policy) and rules. */
export interface OwnedDnat {
  priority: number;
  rules: AjarDnatRule[];
}

export interface FirewallSnapshot {
  /** The configured id: an azureFirewalls or a firewallPolicies resource id. */
  id: string;
  model: FirewallModel;
  /** Etag of what ajar writes (the firewall, or ajar's group); `undefined` when the group does not exist yet. */
  etag: string | undefined;
  /** `Succeeded`, `Updating` or `Failed`, of what ajar writes. */
  provisioningState: string;
  /** ajar's collection as read; `undefined` when absent. Rules ajar cannot parse are left out (and so rewritten). */
  owned: OwnedDnat | undefined;
  /** Every other DNAT rule. */
  foreignRules: FirewallDnatRule[];
  /** Priorities other NAT collections (classic) or groups (policy) hold: ajar's must differ. */
  takenPriorities: number[];
  /** Public IPs of the firewall (or of every firewall using the policy), each with its firewall's AzureFirewallSubnet prefixes. */
  publicIps: { id: string; address: string; privateRanges: string[] }[];
  /** AzureFirewallSubnet prefixes: after DNAT, the VM sees connections coming from there. */
  privateRanges: string[];
  /** The adapter's copy of what it read, handed back to `write` (opaque to the domain). */
  readonly base: unknown;
}

export type FirewallWriteOutcome =
  /** The operation succeeded: the rules are enforced. */
  | { kind: "applied" }
  /** The etag no longer matched (412), or a later write superseded this one: read again and re-plan. */
  | { kind: "stale"; reason: "precondition-failed" | "superseded" }
  /** Another operation holds the firewall (or ARM throttles): try again after `retryAfterMs`. */
  | { kind: "busy"; retryAfterMs: number };

export interface FirewallAccess {
  read(id: string, signal?: AbortSignal): Promise<FirewallSnapshot>;
  /**
   * Replaces ajar's collection (removes it when `owned` is `undefined`) with If-Match set to the
   * snapshot's etag, touching nothing else, and waits for the operation to end. Failures other than
   * the outcomes above throw (CLOUD.* errors).
   */
  write(snapshot: FirewallSnapshot, owned: OwnedDnat | undefined, signal?: AbortSignal): Promise<FirewallWriteOutcome>;
}

export const AJAR_FIREWALL_COLLECTION = "ajar-jit";
