import type { MetricsSnapshot } from "../observability/merged-metrics.js";

/** What `ajar all` hands its worker thread. */
export interface WorkerThreadData {
  ajar: "worker-thread";
  env: NodeJS.ProcessEnv;
}

/** Messages between `ajar all` and its worker thread. */
export type ToThread = { type: "metrics"; id: number } | { type: "stop" };
export type FromThread =
  { type: "ready" } | { type: "metrics"; id: number; metrics: MetricsSnapshot } | { type: "stopped" };

export const isWorkerThreadData = (data: unknown): data is WorkerThreadData =>
  (data as { ajar?: unknown } | null)?.ajar === "worker-thread";
