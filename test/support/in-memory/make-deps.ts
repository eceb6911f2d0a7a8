import type { Deps } from "../../../src/app/deps.js";
import { silentLogger } from "../../../src/app/ports/logger.port.js";
import { NsgConverger } from "../../../src/app/reconcile/nsg-converger.js";
import { parseConfig } from "../../../src/config/load-config.js";
import { createRoleDefinitionCache } from "../../../src/domain/rbac/index.js";
import { ALICE, AUTO_NSG, BOB, CAROL, estateConfig, NIC_NSG, SUB, SUBNET_NSG, VM_AUTO, VM_PROD } from "./estate.js";
import { FakeDirectory } from "./fake-directory.js";
import { FakeNetworkAccess } from "./fake-network-access.js";
import { FakePermissionSource } from "./fake-permission-source.js";
import { FixedClock } from "./fixed-clock.js";
import { MemoryGrantIntake } from "./memory-grant-intake.js";
import { MemoryGrantStore } from "./memory-grant-store.js";
import { MemoryNsgIndex } from "./memory-nsg-index.js";
import { MemoryNsgLock, MemoryReconcileMarks } from "./memory-nsg-lock.js";
import { RecordingAuditLog } from "./recording-audit-log.js";
import { RecordingGrantJobs } from "./recording-grant-jobs.js";
import { RecordingNotifier } from "./recording-notifier.js";
import { RecordingReconcileRequests } from "./recording-reconcile-requests.js";

export interface Harness {
  deps: Deps;
  store: MemoryGrantStore;
  jobs: RecordingGrantJobs;
  notifier: RecordingNotifier;
  audit: RecordingAuditLog;
  clock: FixedClock;
  network: FakeNetworkAccess;
  permissions: FakePermissionSource;
  directory: FakeDirectory;
  nsgIndex: MemoryNsgIndex;
  reconciles: RecordingReconcileRequests;
  lock: MemoryNsgLock;
  /** Subscriptions the sweep reported it could not read. */
  sweepFailures: string[];
  /** Runs the reconcile passes the use case asked for, as the reconcile worker would. */
  reconcile(): Promise<number>;
}

/**
 * Deps wired to in-memory ports over the estate in estate.ts: both VMs exist with their NSGs, Alice
 * holds every Azure action in the subscription, Bob and Carol are workspace members. `overrides`
 * replaces any part of Deps (settings most often, through `estateConfig`).
 */
export function makeDeps(overrides: Partial<Deps> = {}): Harness {
  const clock = new FixedClock();
  const network = new FakeNetworkAccess();
  network.addVm(VM_PROD, ["10.0.1.4"], [NIC_NSG, SUBNET_NSG]);
  network.addVm(VM_AUTO, ["10.0.2.4"], [AUTO_NSG]);
  const permissions = new FakePermissionSource();
  permissions.allow(ALICE.objectId, `/subscriptions/${SUB}`);
  const directory = new FakeDirectory();
  directory.addUser(ALICE.slackUserId, "alice@example.com");
  directory.addUser(BOB, "bob@example.com");
  directory.addUser(CAROL, "carol@example.com");
  const lock = new MemoryNsgLock();
  const sweepFailures: string[] = [];
  const h = {
    store: new MemoryGrantStore(),
    jobs: new RecordingGrantJobs(),
    notifier: new RecordingNotifier(),
    audit: new RecordingAuditLog(),
    clock,
    network,
    permissions,
    directory,
    nsgIndex: new MemoryNsgIndex(),
    reconciles: new RecordingReconcileRequests(),
    lock,
    sweepFailures,
  };
  const ports = {
    store: overrides.store ?? h.store,
    audit: overrides.audit ?? h.audit,
    jobs: overrides.jobs ?? h.jobs,
  };
  const deps: Deps = {
    settings: parseConfig(estateConfig(), "harness configuration"),
    ...ports,
    // Requests enter through whichever store, audit and jobs the test wired.
    intake: new MemoryGrantIntake(ports.store, ports.audit, ports.jobs),
    notifier: h.notifier,
    directory,
    network,
    permissions,
    roleCache: createRoleDefinitionCache({ ttlMs: 60_000, now: () => clock.now().getTime() }),
    nsgIndex: h.nsgIndex,
    reconciles: h.reconciles,
    converger: new NsgConverger(lock, new MemoryReconcileMarks(), () => clock.now().getTime(), 0),
    clock,
    storeReachable: () => true,
    logger: silentLogger,
    metrics: { command: () => undefined, exposure: () => undefined, sweepFailure: (s) => void sweepFailures.push(s) },
    ...overrides,
  };
  return { ...h, deps, reconcile: () => h.reconciles.runPending(deps) };
}

/** What a use case left behind that a second run must not add to: audit lines, messages, jobs, writes. */
export function footprint(h: Harness): {
  audit: number;
  told: number;
  jobs: string[];
  writes: number;
  reconciles: string[];
} {
  return {
    audit: h.audit.entries.length,
    told: h.notifier.told.length,
    jobs: h.jobs.jobs().map((j) => `${j.kind}:${j.grantId}:${j.notice ?? j.round ?? ""}:${j.at ?? ""}`),
    writes: h.network.writes.length,
    reconciles: [...new Set(h.reconciles.calls.map((c) => `${c.nsgId}@${c.at ?? "now"}`))],
  };
}
