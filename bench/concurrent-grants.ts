import { performance } from "node:perf_hooks";
import { parseConfig } from "../src/config/load-config.js";
import { DEMO_USERS } from "../src/demo/demo-settings.js";
import { startLocalStack } from "../src/demo/local-stack.js";

const SUB = "00000000-0000-0000-0000-000000000001";
const NIC_NSG = `/subscriptions/${SUB}/resourceGroups/rg-prod/providers/Microsoft.Network/networkSecurityGroups/nsg-vm-prod-1`;

const pct = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/**
 * N people ask for SSH to the same VM at once (no approval needed): every grant must open in both
 * NSGs without a priority collision, then close at its own expiry. Reports how long opening took
 * end to end and how late the closes were.
 */
export async function benchConcurrentGrants(n: number): Promise<void> {
  const settings = parseConfig({
    azure: { subscriptions: [SUB], pollIntervalMs: 50 },
    grants: { expiryNotice: "off" },
    identities: [{ slackUserId: "U0ALICE01", objectId: "11111111-1111-1111-1111-111111111111", defaultSource: "203.0.113.7" }],
    policies: [{ name: "bench", vms: [{ resourceGroup: "rg-prod" }], ports: [{ port: 22, name: "ssh" }], duration: { min: "1s", default: "1h", max: "3h" }, allowedSources: ["203.0.113.0/24"], approval: { mode: "none" } }],
  });
  const stack = await startLocalStack({ settings, slackUsers: DEMO_USERS, azure: { operationDelayMs: 100 }, armPollIntervalMs: 50, worker: { concurrency: 8 } });
  try {
    const durationSeconds = 5;
    const start = performance.now();
    const replies = await Promise.all(
      Array.from({ length: n }, (_, i) => stack.client.command({ userId: "U0ALICE01", text: `ssh vm-prod-1 ${durationSeconds}s from 203.0.113.${(i % 250) + 1}` })),
    );
    const ackMs = performance.now() - start;
    const ids = replies.map((r) => /g-[a-z2-7]{10}/.exec(JSON.stringify(r.body))?.[0]).filter((id): id is string => !!id);
    const openedAt = new Map<string, number>();
    while (openedAt.size < ids.length) {
      for (const id of ids) {
        if (openedAt.has(id)) continue;
        const g = await stack.runtime.deps.store.get(id);
        if (g?.status === "active") openedAt.set(id, performance.now() - start);
        if (g?.status === "failed" || g?.status === "rejected") throw new Error(`${id} ${g.status}: ${g.failure}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const priorities = stack.azure.getRules(NIC_NSG).map((r) => r.priority);
    const collisions = priorities.length - new Set(priorities).size;

    const lateness: number[] = [];
    const deadline = Date.now() + 120_000;
    while (lateness.length < ids.length && Date.now() < deadline) {
      lateness.length = 0;
      for (const id of ids) {
        const g = await stack.runtime.deps.store.get(id);
        if (g?.status === "closed") lateness.push(Date.parse(g.closedAt!) - Date.parse(g.expiresAt!));
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const open = [...openedAt.values()];
    // Rule listings of one NSG: without coalescing there would be at least one per change.
    const reads = stack.azure.requestLog().filter((r) => r.method === "GET" && /\/securityRules$/i.test(r.path.split("?")[0] ?? "")).length;
    const writes = stack.azure.writeLog().filter((w) => w.ruleName?.startsWith("ajar-g-"));
    console.log(
      `${String(n).padStart(3)} concurrent grants: all acked in ${ackMs.toFixed(0)} ms; opened p50 ${pct(open, 50).toFixed(0)} ms, p95 ${pct(open, 95).toFixed(0)} ms, last ${Math.max(...open).toFixed(0)} ms; ` +
        `priority collisions ${collisions}; ARM rule writes ${writes.length} (${n * 4} expected: put+delete in 2 NSGs); close lateness p50 ${pct(lateness, 50)} ms, max ${Math.max(...lateness)} ms; NSG rule listings ${reads} for ${n * 4} changes`,
    );
  } finally {
    await stack.close();
  }
}
