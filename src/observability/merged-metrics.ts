import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue } from "prom-client";

import type { ProcessMetrics } from "./metrics.js";

export type MetricsSnapshot = MetricObjectWithValues<MetricValue<string>>[];

/**
 * This thread's metrics with another thread's added in, for one /metrics: counters and histograms
 * both threads keep are summed, the rest shown as either has them. Every series is summed (a
 * series only one thread has keeps its value), so prom-client's per-metric choices, made for
 * several processes (omit the start time, average the event loop lag), do not drop or bend them.
 */
export function mergedMetrics(own: ProcessMetrics, other: () => Promise<MetricsSnapshot>): ProcessMetrics {
  return {
    ...own,
    async render() {
      const snapshots = await Promise.all([own.registry.getMetricsAsJSON(), other()]);
      const summed = snapshots.map((metrics) => metrics.map((metric) => ({ ...metric, aggregator: "sum" as const })));
      return AggregatorRegistry.aggregate(summed).metrics();
    },
  };
}
