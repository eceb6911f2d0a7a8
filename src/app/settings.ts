import type { IdentityMapping, Policy } from "../domain/policy/policy.js";

/** The validated configuration the use cases run on, in domain units (seconds, prefixes, ids). */
export interface Settings {
  policies: Policy[];
  identities: IdentityMapping[];
  subscriptions: string[];
  notifyChannel?: string;
  approvalChannel?: string;
  lockdownPriority: number;
  lockdownOnStart: boolean;
  /** How often ARM long-running operations are polled. */
  armPollIntervalMs: number;
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
}

/** The policy a grant was authorized under, if the configuration still has it. */
export const policyOfGrant = (settings: Settings, grant: { policyName: string }): Policy | undefined =>
  settings.policies.find((p) => p.name === grant.policyName);
