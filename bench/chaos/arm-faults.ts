import type { AzureSimulator, FaultKind, RequestLogEntry } from "../../src/simulators/azure/index.js";

/** 20 % of all ARM requests (reads, writes, operation polls) fail, in these shares. */
const MIX: { status: FaultKind; share: number; retryAfterSeconds?: number }[] = [
  { status: 500, share: 0.04 },
  { status: 503, share: 0.04, retryAfterSeconds: 1 },
  { status: 429, share: 0.06, retryAfterSeconds: 1 },
  { status: "drop", share: 0.06 },
];
export const FAULT_SEED = 20261201;

/**
 * The simulator tries its rate rules in turn, each on the requests the earlier ones let through,
 * so each rule's rate is its share of what is left: together they fail exactly the sum of the shares.
 */
export function injectArmFaults(azure: AzureSimulator): void {
  let left = 1;
  MIX.forEach((fault, i) => {
    azure.setFaultRate({
      status: fault.status,
      rate: fault.share / left,
      seed: FAULT_SEED + i,
      ...(fault.retryAfterSeconds ? { retryAfterSeconds: fault.retryAfterSeconds } : {}),
    });
    left -= fault.share;
  });
}

/** "N requests, M faults (x %: a× 500, b× 503, ...)" from the simulator's request log. */
export function armFaults(log: RequestLogEntry[]): string {
  const kinds = new Map<string, number>();
  for (const entry of log) {
    const injected =
      entry.status === "dropped" ||
      (typeof entry.status === "number" &&
        (entry.errorCode?.startsWith("Injected") ||
          /^(InternalServerError|ServiceUnavailable|TooManyRequests)$/.test(entry.errorCode ?? "")));
    if (injected) kinds.set(String(entry.status), (kinds.get(String(entry.status)) ?? 0) + 1);
  }
  const faults = [...kinds.values()].reduce((a, b) => a + b, 0);
  const share = log.length ? ((faults / log.length) * 100).toFixed(1) : "0";
  return `${log.length} / ${faults} (${share} %: ${[...kinds].map(([k, n]) => `${n}× ${k === "dropped" ? "dropped" : k}`).join(", ")})`;
}
