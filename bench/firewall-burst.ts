import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

import { parseConfig } from "../src/config/load-config.js";
import { DEMO_USERS } from "../src/demo/demo-settings.js";
import { startLocalStack } from "../src/demo/local-stack.js";
import type { Figure } from "./nsg-reconcile.js";

const SUB = "00000000-0000-0000-0000-000000000001";
const FW = `/subscriptions/${SUB}/resourceGroups/rg-prod/providers/Microsoft.Network/azureFirewalls/fw-classic`;
const SEED = fileURLToPath(new URL("../test/e2e/fixtures/firewall-seed.yaml", import.meta.url));

/**
 * N grants behind one Azure Firewall asked at once (no approval): a firewall update runs one at a
 * time and takes `operationMs`, so one DNAT rule per write would need N operations. Reports how many
 * firewall writes the burst cost, when the last grant was live, and the floor (one operation).
 */
export async function benchFirewallBurst(n: number, operationMs: number): Promise<Figure[]> {
  const settings = parseConfig({
    azure: { subscriptions: [SUB], pollIntervalMs: 50 },
    grants: { expiryNotice: "off" },
    identities: [
      { slackUserId: "U0ALICE01", objectId: "11111111-1111-1111-1111-111111111111", defaultSource: "203.0.113.7" },
    ],
    policies: [
      {
        name: "bench-firewall",
        vms: [{ resourceGroup: "rg-prod", namePattern: "vm-prod-1" }],
        ports: [{ port: 22, name: "ssh" }],
        duration: { min: "1s", default: "1h", max: "3h" },
        allowedSources: ["203.0.113.0/24"],
        approval: { mode: "none" },
        firewall: { id: FW, publicIp: "20.1.2.3", portRange: "50000-50999" },
      },
    ],
  });
  const stack = await startLocalStack({
    settings,
    slackUsers: DEMO_USERS,
    azure: { seedPath: SEED, operationDelayMs: 100, firewall: { operationDelayMs: operationMs } },
    armPollIntervalMs: 50,
    worker: { concurrency: 8 },
  });
  try {
    const start = performance.now();
    const replies = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        stack.client.command({ userId: "U0ALICE01", text: `ssh vm-prod-1 20s from 203.0.113.${i + 1}` }),
      ),
    );
    const ids = replies
      .map((r) => /g-[a-z2-7]{10}/.exec(JSON.stringify(r.body))?.[0])
      .filter((id): id is string => !!id);
    const live = new Map<string, number>();
    const deadline = Date.now() + 20 * operationMs + 60_000;
    while (live.size < ids.length && Date.now() < deadline) {
      for (const id of ids) {
        if (live.has(id)) continue;
        const g = await stack.runtime.deps.store.get(id);
        if (g?.status === "active") live.set(id, performance.now() - start);
        if (g?.status === "failed" || g?.status === "rejected") throw new Error(`${id} ${g.status}: ${g.failure}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const writes = stack.azure.firewalls.operations().filter((o) => o.targetId.toLowerCase() === FW.toLowerCase());
    const grants = await Promise.all(ids.map((id) => stack.runtime.deps.store.get(id)));
    const reachable = grants.filter(
      (g) =>
        g?.firewall?.port !== undefined &&
        stack.azure.firewalls.reach(g.source.replace(/\/(32|128)$/, ""), g.firewall.publicIp, g.firewall.port)
          .reachable,
    ).length;
    const lastLive = Math.max(...live.values());
    const op = `firewall operation ${(operationMs / 1000).toFixed(1)} s`;
    return [
      {
        name: `firewall burst: ${n} grants behind one firewall, firewall writes`,
        value: String(writes.length),
        beside: `limit 2; one rule per write: ${n}; ${op}`,
        ok: writes.length <= 2,
      },
      {
        name: `firewall burst: all ${n} live`,
        value: live.size === n ? `${(lastLive / 1000).toFixed(1)} s` : `${live.size}/${n} live`,
        beside: `floor ${(operationMs / 1000).toFixed(1)} s (one operation); one rule per write >= ${((n * operationMs) / 1000).toFixed(0)} s`,
        ok: live.size === n,
      },
      {
        name: "firewall burst: reachable from their own address",
        value: `${reachable}/${n}`,
        beside: "simulator's reachability through DNAT and the VM's NSGs",
        ok: reachable === n,
      },
    ];
  } finally {
    await stack.close();
  }
}
