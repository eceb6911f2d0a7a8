import type { IdentityMapping, Policy } from "../domain/policy/policy.js";

/** The validated configuration the use cases run on, in domain units (seconds, prefixes, ids). */
export interface Settings {
  policies: Policy[];
  identities: IdentityMapping[];
  /** `config`: only `identities` entries map people; `entra`: everyone else is looked up in Entra ID by email. */
  identitySource: "config" | "entra";
  /** Set when ajar reads Entra ID (Microsoft Graph): identities, managers, approver groups, group membership. */
  entra?: EntraSettings;
  subscriptions: string[];
  notifyChannel?: string;
  approvalChannel?: string;
  lockdownPriority: number;
  lockdownOnStart: boolean;
  /** How often ARM long-running operations are polled. */
  armPollIntervalMs: number;
  /** Several changes to one NSG go out as one whole-NSG write guarded by its etag; off: one write per rule. */
  batchNsgWrites: boolean;
  /** How long a reconcile waits for more changes to the same NSG before it reads it. */
  nsgCoalesceMs: number;
  /** An approved grant whose rules are not live after this long is reported failed. */
  openTimeoutSeconds: number;
  pendingTimeoutSeconds: number;
  reminderAfterSeconds: number;
  expiryNoticeSeconds: number;
  sweepEverySeconds: number;
  roleCacheTtlSeconds: number;
  /**
   * Where people's browsers reach ajar's HTTP listener (AJAR_PUBLIC_URL). Without it ajar cannot
   * learn anyone's address, so `from me` is not offered.
   */
  publicUrl?: string;
  /** How far ahead a later start may be booked (grants.maxLeadTime); 7 days when unset. */
  maxLeadTimeSeconds?: number;
  /** Most VMs one request may name or match (grants.maxVmsPerRequest); 10 when unset. */
  maxVmsPerRequest?: number;
  /** Proxies whose X-Forwarded-For is believed when a `from me` link is opened. */
  trustedProxies?: string[];
  /** The audit stream keeps entries this long (grants.auditRetention). */
  auditRetentionSeconds: number;
}

export interface EntraSettings {
  cacheTtlSeconds: number;
  /** Map Entra `userType: Guest` accounts too. */
  allowGuests: boolean;
}

/** The policy a grant was authorized under, if it was and the configuration still has it. */
export const policyOfGrant = (settings: Settings, grant: { policyName?: string }): Policy | undefined =>
  settings.policies.find((p) => p.name === grant.policyName);
