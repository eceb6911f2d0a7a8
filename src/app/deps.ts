import type { Directory } from "../domain/ports/directory.port.js";
import type { EntraDirectory } from "../domain/ports/entra-directory.port.js";
import type { FirewallAccess } from "../domain/ports/firewall-access.port.js";
import type { NetworkAccess } from "../domain/ports/network-access.port.js";
import type { PermissionSource } from "../domain/ports/permission-source.port.js";
import type { RoleDefinitionCache } from "../domain/rbac/index.js";
import type { AuditLog } from "./ports/audit-log.port.js";
import type { Clock } from "./ports/clock.port.js";
import type { GrantIntake } from "./ports/grant-intake.port.js";
import type { GrantJobs } from "./ports/grant-jobs.port.js";
import type { GrantNotifier } from "./ports/grant-notifier.port.js";
import type { GrantStore } from "./ports/grant-store.port.js";
import type { Logger } from "./ports/logger.port.js";
import type { NsgIndex } from "./ports/nsg-index.port.js";
import type { ReconcileRequests } from "./ports/reconcile-requests.port.js";
import type { NsgConverger } from "./reconcile/nsg-converger.js";
import type { Settings } from "./settings.js";

/** Everything a use case may touch, assembled once per process by the composition root. */
export interface Deps {
  settings: Settings;
  store: GrantStore;
  audit: AuditLog;
  /** Where new requests are recorded: record, audit entry and first job in one write. */
  intake: GrantIntake;
  jobs: GrantJobs;
  notifier: GrantNotifier;
  directory: Directory;
  /** Entra ID through Microsoft Graph; present when the configuration reads it (`settings.entra`). */
  entra?: EntraDirectory;
  network: NetworkAccess;
  permissions: PermissionSource;
  roleCache: RoleDefinitionCache;
  /** Which grants and covered VMs each NSG serves. */
  nsgIndex: NsgIndex;
  /** Azure Firewall DNAT entries, for policies that name a firewall; absent where none is wired. */
  firewalls?: FirewallAccess;
  /** Asks for NSGs to be reconciled (now, or at a grant's end). */
  reconciles: ReconcileRequests;
  /** Runs reconcile passes in this process: one NSG at a time across all workers, coalesced. */
  converger: NsgConverger;
  clock: Clock;
  /** Whether the store can be reached right now; when not, requests are turned away with a clear word instead of hanging. */
  storeReachable(): boolean;
  logger: Logger;
  /** Counters only the entry points can see (commands received); the rest is observed through wrapped ports. */
  metrics: {
    command(kind: string): void;
    /** A covered VM whose port an operator's allow-from-any leaves open. */
    exposure(vmName: string, port: number): void;
    /** A subscription the sweeper could not read this round. */
    sweepFailure(subscriptionId: string): void;
  };
}
