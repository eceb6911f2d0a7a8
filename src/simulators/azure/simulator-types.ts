import type { FailNextSpec, FaultRateSpec } from "./engine/faults.js";
import type { RequestLogEntry, WriteLogEntry } from "./engine/logs.js";
import type { ConflictMode } from "./engine/sim-engine.js";
import type { FirewallSimulatorControl } from "./firewall/firewall-control.js";
import type { FirewallSettings } from "./firewall/firewall-store.js";
import type { UnreachableMode } from "./http/server.js";
import type { AzureSeed, SeedRoleAssignment, SeedRule } from "./seed/seed-schema.js";
import type { ProvisioningState, RuleProperties } from "./state/model.js";

export interface AzureSimulatorOptions {
  seed: AzureSeed;
  /** 0 (default) picks a free port. The simulator binds to 127.0.0.1 only. */
  port?: number;
  /** How long rule PUT/DELETE operations stay InProgress; default 0. */
  operationDelayMs?: number;
  /** Per-subscription write rate before 429 SubscriptionRequestsThrottled; default unlimited. */
  writesPerSecond?: number;
  /** Fixed Retry-After (seconds) on throttling and busy answers; default: the actual remaining wait. */
  retryAfterSeconds?: number;
  /**
   * Answer to a write while another operation runs on the same NSG; default `retryable-429`.
   * `cancel-superseded`: the new write is accepted and the running operation ends `Canceled`
   * (CanceledAndSupersededDueToAnotherOperation), its changes undone.
   */
  conflictMode?: ConflictMode;
  /** Accepted bearer tokens; default any non-empty token. */
  acceptedTokens?: string[];
  /** Items per page in list answers; default 100. */
  pageSize?: number;
  /** Retry-After on operation-status answers while InProgress; default none. */
  pollRetryAfterSeconds?: number;
  /** Clock override for tests that control time. */
  now?: () => number;
  /** Azure Firewall and Firewall Policy operations: their own (slow) duration and concurrency answer. */
  firewall?: Partial<FirewallSettings>;
}

/** Settings that can change while the simulator runs. */
export interface AzureSimulatorSettings {
  operationDelayMs: number;
  writesPerSecond: number | undefined;
  retryAfterSeconds: number | undefined;
  conflictMode: ConflictMode;
  acceptedTokens: string[] | undefined;
  pageSize: number;
  pollRetryAfterSeconds: number | undefined;
}

/** A custom rule as the simulator holds it, flattened. */
export interface SimRuleView extends RuleProperties {
  name: string;
  etag: string;
  provisioningState: ProvisioningState;
}

export interface SimOperationView {
  id: string;
  nsgId: string;
  kind: string;
  /** Empty for whole-NSG PUTs. */
  ruleName: string;
  status: "InProgress" | "Succeeded" | "Failed" | "Canceled";
}

/** An NSG as the simulator holds it: its current etag (what GET returns) and its custom rules. */
export interface SimNsgView {
  etag: string;
  provisioningState: ProvisioningState;
  rules: SimRuleView[];
}

export interface AzureSimulator {
  /** http://127.0.0.1:PORT — pass as the ARM endpoint. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;

  /** Custom rules of an NSG (full ARM id). */
  getRules(nsgId: string): SimRuleView[];
  /** The NSG's current etag, provisioning state and custom rules. */
  getNsg(nsgId: string): SimNsgView;
  /**
   * Runs `fn` synchronously just before the next ARM write (rule PUT/DELETE or whole-NSG PUT) to this NSG
   * is handled, before its If-Match check: e.g. `() => sim.adminPutRule(nsgId, rule)` puts an
   * administrator's change between a client's read and its write. Once; several calls queue up.
   */
  onNextWrite(nsgId: string, fn: () => void): void;
  /** Every write (ARM and admin) with its outcome, oldest first. */
  writeLog(): WriteLogEntry[];
  resetWriteLog(): void;
  /** Every ARM request (reads too), oldest first: shows polling, retries and paging. */
  requestLog(): RequestLogEntry[];
  resetRequestLog(): void;
  /** Operations still InProgress. */
  operationsInProgress(): SimOperationView[];

  /** Change a rule as an admin in the portal would: validated, applied at once, no LRO. */
  adminPutRule(nsgId: string, rule: SeedRule): SimRuleView;
  /** Delete a rule at once; false when it did not exist. */
  adminDeleteRule(nsgId: string, ruleName: string): boolean;
  /** Adds a role assignment (seed format: role and principal by name or id); returns its full id. */
  addRoleAssignment(assignment: SeedRoleAssignment): string;
  /** Removes a role assignment by full id or GUID name; false when not found. */
  removeRoleAssignment(idOrName: string): boolean;
  /** Back to the seed: state, operations, faults and logs (settings stay as they are). */
  reset(): void;

  /** The next `count` matching ARM requests fail with `status` (HTTP code, `drop` or `hang`). */
  failNext(spec: FailNextSpec): void;
  /** Matching ARM requests fail at random with probability `rate`, seeded. */
  setFaultRate(spec: FaultRateSpec): void;
  clearFaults(): void;
  /** The next rule operation(s) end `Failed` with this error instead of `Succeeded`. */
  failNextOperation(spec?: { code?: string; message?: string; count?: number }): void;
  /** ARM unreachable: `refuse` stops listening (ECONNREFUSED, the control API goes too), `reset` resets every ARM request. */
  setUnreachable(mode: UnreachableMode, options?: { forMs?: number }): Promise<void>;
  setReachable(): Promise<void>;
  /** Azure Firewall, Firewall Policy and reachability controls. */
  readonly firewalls: FirewallSimulatorControl;
  settings(): AzureSimulatorSettings;
  updateSettings(changes: Partial<AzureSimulatorSettings>): void;
}
