import type { AuditLog } from "../domain/ports/audit-log.port.js";
import type { Clock } from "../domain/ports/clock.port.js";
import type { Directory } from "../domain/ports/directory.port.js";
import type { EntraDirectory } from "../domain/ports/entra-directory.port.js";
import type { GrantJobs } from "../domain/ports/grant-jobs.port.js";
import type { GrantNotifier } from "../domain/ports/grant-notifier.port.js";
import type { GrantStore } from "../domain/ports/grant-store.port.js";
import type { Logger } from "../domain/ports/logger.port.js";
import type { NetworkAccess } from "../domain/ports/network-access.port.js";
import type { PermissionSource } from "../domain/ports/permission-source.port.js";
import type { RoleDefinitionCache } from "../domain/rbac/index.js";
import type { NsgChanges } from "./nsg-changes.js";
import type { Settings } from "./settings.js";

/** Everything a use case may touch, assembled once per process by the composition root. */
export interface Deps {
  settings: Settings;
  store: GrantStore;
  audit: AuditLog;
  jobs: GrantJobs;
  notifier: GrantNotifier;
  directory: Directory;
  /** Entra ID through Microsoft Graph; present when the configuration reads it (`settings.entra`). */
  entra?: EntraDirectory;
  network: NetworkAccess;
  permissions: PermissionSource;
  roleCache: RoleDefinitionCache;
  /** Every write to an NSG goes through here: serialized across workers, coalesced within a process. */
  nsgChanges: NsgChanges;
  clock: Clock;
  logger: Logger;
  /** Counters only the entry points can see (commands received); the rest is observed through wrapped ports. */
  metrics: { command(kind: string): void };
}
