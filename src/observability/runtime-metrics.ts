import type { GrantStore } from "../app/ports/grant-store.port.js";
import { runtimeSources } from "./metric-sources.js";
import { createMetrics, type ProcessMetrics } from "./metrics.js";

interface RuntimeLike {
  deps: { store: GrantStore };
  queue: { getJobCounts(): Promise<Record<string, number>> };
  /** Set by the composition root when it wires the instrumented ports (see bindMetrics). */
  metrics?: ProcessMetrics;
}

const bound = new WeakMap<object, ProcessMetrics>();

/** Ties a runtime to the metrics its instrumented ports report into, so /metrics serves that registry. */
export function bindMetrics(runtime: object, metrics: ProcessMetrics): void {
  bound.set(runtime, metrics);
}

/**
 * The runtime's metrics: its own `metrics` field, else the bound ones, else a registry created on
 * first use with the scrape-time gauges (open grants, queue depth) only.
 */
export function metricsFor(runtime: RuntimeLike): ProcessMetrics {
  if (runtime.metrics) return runtime.metrics;
  let metrics = bound.get(runtime);
  if (!metrics) {
    metrics = createMetrics(runtimeSources(runtime));
    bound.set(runtime, metrics);
  }
  return metrics;
}
