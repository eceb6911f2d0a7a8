import { fileURLToPath } from "node:url";

export { startAzureSimulator } from "./simulator.js";
export { loadAzureSeed, parseAzureSeed, AzureSeedError } from "./seed/load-seed.js";
export type { AzureSeed, ParsedAzureSeed, SeedRule, SeedRoleAssignment } from "./seed/seed-schema.js";
export type {
  AzureSimulator,
  AzureSimulatorOptions,
  AzureSimulatorSettings,
  SimRuleView,
  SimOperationView,
  SimNsgView,
} from "./simulator-types.js";
export type { FailNextSpec, FaultRateSpec, FaultKind, FaultMatch } from "./engine/faults.js";
export type { WriteLogEntry, RequestLogEntry, WriteOutcome } from "./engine/logs.js";
export type { ConflictMode } from "./engine/sim-engine.js";
export type { UnreachableMode } from "./http/server.js";
export { EVERYONE_PRINCIPAL_ID } from "./state/model.js";
export type {
  FirewallSimulatorControl,
  SimDnatRuleView,
  SimFirewallOperationView,
} from "./firewall/firewall-control.js";
export type { FirewallSettings, FirewallConflictMode } from "./firewall/firewall-store.js";
export type { Reachability, NsgVerdict } from "./firewall/reachability.js";

/** Path of the demo seed shipped with the simulator. */
export const DEMO_SEED_PATH = fileURLToPath(new URL("./seeds/demo.yaml", import.meta.url));
