import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

import type { GrantStatus } from "../domain/grant/grant.js";

/**
 * What the rest of ajar reports. Call sites stay one line and never see prom-client, and tests or
 * one-shot commands pass `noopMetrics`.
 */
export interface Metrics {
  /** A `/jit` command (or form submission) arrived; `kind` is the parsed command kind. */
  command(kind: string): void;
  /** One approver's vote. */
  approval(outcome: "approve" | "deny"): void;
  /** A grant reached `status`: `active` when its rules opened, or a final status; `reason` for `closed`. */
  grantOutcome(status: GrantStatus, reason?: string): void;
  /** Seconds between a grant's expiresAt and the moment its rules were really closed. */
  closeLateness(seconds: number): void;
  /** One Azure Resource Manager call ajar made (an SDK operation, including its retries and polling). */
  armCall(operation: string, ms: number, ok: boolean): void;
  /** A reconcile found a covered VM's port open to any source above every deny (not locked down). */
  exposure(vmName: string, port: number): void;
  /** A sweep could not read one subscription (the others are still swept). */
  sweepFailure(subscriptionId: string): void;
}

export const noopMetrics: Metrics = {
  command: () => undefined,
  approval: () => undefined,
  grantOutcome: () => undefined,
  closeLateness: () => undefined,
  armCall: () => undefined,
  exposure: () => undefined,
  sweepFailure: () => undefined,
};

/** Read on every scrape, so the gauges are never stale by more than one scrape. */
export interface MetricsSources {
  /** Grants not yet finished, by status. */
  openGrants?: () => Promise<Record<string, number>>;
  /** BullMQ job counts by state (queue.getJobCounts()). */
  queueJobs?: () => Promise<Record<string, number>>;
}

export interface ProcessMetrics extends Metrics {
  readonly registry: Registry;
  /** `text/plain; version=0.0.4; charset=utf-8` */
  readonly contentType: string;
  /** The Prometheus text exposition of everything in the registry. */
  render(): Promise<string>;
}

export interface CreateMetricsOptions {
  /** A fresh Registry per process (never prom-client's global one), so tests can make their own. */
  registry?: Registry;
  /** Node.js process metrics (CPU, memory, event loop); on by default. */
  defaultMetrics?: boolean;
  /** A gauge source slower than this is skipped for the scrape (a dead Redis must not hang /metrics). */
  sourceTimeoutMs?: number;
}

const SECONDS_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const LATENESS_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 900, 3600];

export function createMetrics(sources: MetricsSources = {}, options: CreateMetricsOptions = {}): ProcessMetrics {
  const registry = options.registry ?? new Registry();
  const registers = [registry];
  const timeoutMs = options.sourceTimeoutMs ?? 2000;
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: "ajar_" });

  const commands = new Counter({
    name: "ajar_commands_total",
    help: "Slack /jit commands received, by kind",
    labelNames: ["kind"],
    registers,
  });
  const approvals = new Counter({
    name: "ajar_approvals_total",
    help: "Approver votes, by outcome",
    labelNames: ["outcome"],
    registers,
  });
  const grants = new Counter({
    name: "ajar_grants_total",
    help: "Grants reaching a status: active (opened) or final, with the close reason",
    labelNames: ["status", "reason"],
    registers,
  });
  const armCalls = new Counter({
    name: "ajar_arm_requests_total",
    help: "Azure Resource Manager operations, by operation and outcome",
    labelNames: ["operation", "outcome"],
    registers,
  });
  const armLatency = new Histogram({
    name: "ajar_arm_request_duration_seconds",
    help: "Azure Resource Manager operation latency (with SDK retries and polling)",
    labelNames: ["operation"],
    buckets: SECONDS_BUCKETS,
    registers,
  });
  const exposures = new Counter({
    name: "ajar_vm_not_locked_down_total",
    help: "Reconciles that found a covered VM's port open to any source above every deny",
    labelNames: ["vm", "port"],
    registers,
  });
  const sweepFailures = new Counter({
    name: "ajar_sweep_subscription_failures_total",
    help: "Sweeps that could not read a subscription",
    labelNames: ["subscription"],
    registers,
  });
  const lateness = new Histogram({
    name: "ajar_close_lateness_seconds",
    help: "Seconds between a grant's expiry and the removal of its rules",
    buckets: LATENESS_BUCKETS,
    registers,
  });

  // Scrape-time reads still running; the error counter waits for them so a failure shows in the same scrape.
  const inflight = new Set<Promise<string | undefined>>();
  const gauge = (
    name: string,
    help: string,
    label: string,
    source: (() => Promise<Record<string, number>>) | undefined,
  ) => {
    if (!source) return;
    new Gauge({
      name,
      help,
      labelNames: [label],
      registers,
      async collect() {
        // Reset first: a status or state that vanished must not linger with its old value.
        this.reset();
        const read = withTimeout(source(), timeoutMs).then(
          (counts) => {
            for (const [key, value] of Object.entries(counts)) this.set({ [label]: key }, value);
            return undefined;
          },
          () => name,
        );
        inflight.add(read);
        await read.finally(() => inflight.delete(read));
      },
    });
  };
  gauge(
    "ajar_grants_open",
    "Grants not yet finished, by status (read from the store on scrape)",
    "status",
    sources.openGrants,
  );
  gauge("ajar_queue_jobs", "BullMQ grant jobs by state (read from Redis on scrape)", "state", sources.queueJobs);
  // Registered after the gauges: the registry starts every collect() in order, so theirs are in flight here.
  new Counter({
    name: "ajar_metrics_source_errors_total",
    help: "Scrape-time gauge sources that failed or timed out",
    labelNames: ["source"],
    registers,
    async collect() {
      for (const failed of await Promise.all([...inflight])) if (failed) this.inc({ source: failed });
    },
  });

  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    command: (kind) => commands.inc({ kind }),
    approval: (outcome) => approvals.inc({ outcome }),
    grantOutcome: (status, reason) => grants.inc({ status, reason: reason ?? "" }),
    closeLateness: (seconds) => lateness.observe(Math.max(0, seconds)),
    exposure: (vm, port) => exposures.inc({ vm, port: String(port) }),
    sweepFailure: (subscription) => sweepFailures.inc({ subscription }),
    armCall(operation, ms, ok) {
      armCalls.inc({ operation, outcome: ok ? "ok" : "error" });
      armLatency.observe({ operation }, ms / 1000);
    },
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
