import { performance } from "node:perf_hooks";

import { createArmClients } from "../src/adapters/azure/arm-clients.js";
import { decideGrant } from "../src/app/commands/decide-grant.js";
import { requestGrant } from "../src/app/commands/request-grant.js";
import { mutateGrant } from "../src/app/shared/mutate-grant.js";
import { scheduleEnd } from "../src/app/shared/schedule-end.js";
import { parseConfig } from "../src/config/load-config.js";
import { DEMO_USERS } from "../src/demo/demo-settings.js";
import { startLocalStack, type LocalStack } from "../src/demo/local-stack.js";
import { until } from "../src/demo/until.js";
import type { Grant } from "../src/domain/grant/grant.js";
import type { AzureSeed } from "../src/simulators/azure/index.js";

const SUB = "00000000-0000-0000-0000-000000000001";
const RG = "rg-bench";
const nsgId = (i: number) =>
  `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/networkSecurityGroups/nsg-vm-${i}`;

export interface Figure {
  name: string;
  value: string;
  beside: string;
  ok: boolean;
}

/** N VMs, each behind its own NIC NSG, in a subnet without one; alice may request JIT on all of them. */
function benchSeed(vms: number): AzureSeed {
  return {
    principals: {
      users: [
        { name: "alice", objectId: "11111111-1111-1111-1111-111111111111" },
        { name: "bob", objectId: "22222222-2222-2222-2222-222222222222" },
      ],
    },
    roleAssignments: [{ role: "Owner", principal: "alice", scope: `/subscriptions/${SUB}` }],
    subscriptions: [
      {
        id: SUB,
        resourceGroups: [
          {
            name: RG,
            location: "westeurope",
            networkSecurityGroups: [
              ...Array.from({ length: vms }, (_, i) => ({ name: `nsg-vm-${i}`, rules: [] })),
              { name: "nsg-floor", rules: [] },
            ],
            virtualNetworks: [
              {
                name: "vnet",
                addressSpace: ["10.0.0.0/16"],
                subnets: [{ name: "snet", addressPrefix: "10.0.0.0/16" }],
              },
            ],
            virtualMachines: Array.from({ length: vms }, (_, i) => ({
              name: `vm-${i}`,
              osType: "Linux" as const,
              networkInterfaces: [
                {
                  name: `vm-${i}-nic`,
                  subnet: "vnet/snet",
                  privateIpAddress: `10.0.${i}.4`,
                  networkSecurityGroup: `nsg-vm-${i}`,
                },
              ],
            })),
          },
        ],
      },
    ],
  } as AzureSeed;
}

async function startBenchStack(
  vms: number,
  operationDelayMs: number,
  approval: Record<string, unknown>,
): Promise<LocalStack> {
  const settings = parseConfig({
    azure: { subscriptions: [SUB], pollIntervalMs: 25 },
    grants: { expiryNotice: "off", pendingTimeout: "1h", reminderAfter: "1h", sweepEvery: "1h" },
    identities: [
      { slackUserId: "U0ALICE01", objectId: "11111111-1111-1111-1111-111111111111", defaultSource: "203.0.113.7" },
      { slackUserId: "U0BOB0001", objectId: "22222222-2222-2222-2222-222222222222" },
    ],
    policies: [
      {
        name: "bench",
        vms: [{ resourceGroup: RG }],
        ports: [{ port: 22, name: "ssh" }],
        duration: { min: "1s", default: "1h", max: "3h" },
        allowedSources: ["198.18.0.0/15"],
        approval,
      },
    ],
  });
  const stack = await startLocalStack({
    settings,
    slackUsers: DEMO_USERS,
    azure: { seed: benchSeed(vms), operationDelayMs },
    armPollIntervalMs: 25,
    worker: { concurrency: 32 },
  });
  await until(
    "every VM locked down",
    () =>
      Array.from({ length: vms }, (_, i) =>
        stack.azure
          .getRules(nsgId(i))
          .some((r) => r.name.startsWith("ajar-lockdown-") && r.provisioningState === "Succeeded"),
      ).every(Boolean),
    60_000,
  );
  await until("the start-up writes to settle", () => stack.azure.operationsInProgress().length === 0, 30_000);
  return stack;
}

/** The time one rule write takes at this simulator, through the real SDK: the floor of any open or close. */
async function measureOperation(stack: LocalStack): Promise<number> {
  const clients = createArmClients({ subscriptionId: SUB, endpoint: stack.azure.url, staticToken: "bench" });
  const started = performance.now();
  const poller = await clients.network.securityRules.beginCreateOrUpdate(
    RG,
    "nsg-floor",
    "floor",
    {
      priority: 100,
      direction: "Inbound",
      access: "Allow",
      protocol: "Tcp",
      sourceAddressPrefix: "198.18.0.1",
      sourcePortRange: "*",
      destinationAddressPrefix: "*",
      destinationPortRange: "22",
    },
    { updateIntervalInMs: 25 },
  );
  await poller.pollUntilDone();
  return performance.now() - started;
}

const source = (i: number) => `198.${18 + Math.floor(i / 65536)}.${Math.floor(i / 256) % 256}.${i % 256}`;

async function request(stack: LocalStack, i: number, vm: number, seconds: number): Promise<string> {
  const grant = await requestGrant(stack.runtime.deps, {
    slackUserId: "U0ALICE01",
    port: 22,
    portLabel: "ssh",
    vm: { name: `vm-${vm}` },
    durationSeconds: seconds,
    source: source(i),
  });
  return grant.id;
}

async function waitAll(stack: LocalStack, ids: string[], status: Grant["status"], timeoutMs: number): Promise<Grant[]> {
  return until(
    `${ids.length} grants to be ${status}`,
    async () => {
      const grants = await Promise.all(ids.map((id) => stack.runtime.deps.store.get(id)));
      const bad = grants.find((g) => g?.status === "failed" || g?.status === "rejected");
      if (bad) throw new Error(`${bad.id} ${bad.status}: ${bad.failure}`);
      return grants.every((g) => g?.status === status) ? (grants as Grant[]) : undefined;
    },
    timeoutMs,
    50,
  );
}

const pct = (values: number[], p: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** 200 grants over 10 NSGs approved at once, ARM operations of 1 s; then one grant alone. */
export async function benchBurst(): Promise<Figure[]> {
  const stack = await startBenchStack(10, 1000, { mode: "approvers", users: ["U0BOB0001"], minApprovals: 1 });
  try {
    const opMs = await measureOperation(stack);
    const ids = await Promise.all(Array.from({ length: 200 }, (_, i) => request(stack, i, i % 10, 3600)));
    await waitAll(stack, ids, "pending", 60_000);
    stack.azure.resetWriteLog();
    const t0 = Date.now();
    await Promise.all(ids.map((id) => decideGrant(stack.runtime.deps, id, "U0BOB0001", "approve")));
    const active = await waitAll(stack, ids, "active", 120_000);
    const allLive = Math.max(...active.map((g) => Date.parse(g.openedAt!))) - t0;
    const writes = Array.from(
      { length: 10 },
      (_, i) =>
        stack.azure
          .writeLog()
          .filter(
            (w) =>
              w.source === "arm" &&
              w.nsgId?.toLowerCase() === nsgId(i).toLowerCase() &&
              (w.method === "PUT" || w.method === "DELETE"),
          ).length,
    );

    const [single] = await Promise.all([request(stack, 5000, 3, 3600)]);
    await waitAll(stack, [single!], "pending", 30_000);
    const message = await until("the approval message", () =>
      stack.slack.messages.find(
        (m) =>
          JSON.stringify(m.blocks ?? []).includes(single!) && JSON.stringify(m.blocks ?? []).includes("ajar.approve"),
      ),
    );
    const clicked = Date.now();
    await stack.client.blockAction({
      userId: "U0BOB0001",
      actionId: "ajar.approve",
      value: single!,
      message: { ts: message.ts, channel: message.channel },
    });
    const [one] = await waitAll(stack, [single!], "active", 30_000);
    const clickToLive = Date.parse(one!.openedAt!) - clicked;
    return [
      {
        name: "burst: 200 grants / 10 NSGs approved at once, all live",
        value: s(allLive),
        beside: `target ≤ 3 s; floor ${s(opMs)} (one ARM operation); one rule per write: ${s(20 * opMs)}`,
        ok: allLive <= 3000,
      },
      {
        name: "burst: ARM writes per NSG (max over 10)",
        value: String(Math.max(...writes)),
        beside: "target ≤ 2",
        ok: Math.max(...writes) <= 2,
      },
      {
        name: "one grant: Approve click → rule live",
        value: s(clickToLive),
        beside: `target ≤ 1.1 × operation = ${s(1.1 * opMs)}`,
        ok: clickToLive <= 1.1 * opMs,
      },
    ];
  } finally {
    await stack.close();
  }
}

/** 1,000 grants over 10 NSGs ending within the same second. */
export async function benchCloses(): Promise<Figure[]> {
  const opDelay = 250;
  const stack = await startBenchStack(10, opDelay, { mode: "none" });
  try {
    const opMs = await measureOperation(stack);
    const ids: string[] = [];
    for (let batch = 0; batch < 10; batch++)
      ids.push(
        ...(await Promise.all(Array.from({ length: 100 }, (_, j) => request(stack, batch * 100 + j, j % 10, 3600)))),
      );
    await waitAll(stack, ids, "active", 180_000);
    // Every grant now ends in the same second, a few seconds from now (its authoritative end; the end
    // written in the rules' descriptions stays, so no rule is rewritten before the closes).
    const second = Math.ceil((Date.now() + 5000) / 1000) * 1000;
    const { deps } = stack.runtime;
    await Promise.all(
      ids.map(async (id, i) => {
        const end = new Date(second + (i % 1000)).toISOString();
        const saved = await mutateGrant(deps.store, id, (g) => ({ ...g, version: g.version + 1, expiresAt: end }));
        await scheduleEnd(deps, saved!.after, new Date(end));
      }),
    );
    const closed = await waitAll(stack, ids, "closed", 120_000);
    const lateness = closed.map((g) => Date.parse(g.closedAt!) - Date.parse(g.expiresAt!));
    const p99 = pct(lateness, 99);
    return [
      {
        name: "close: 1,000 grants / 10 NSGs ending in one second, lateness",
        value: `p50 ${s(pct(lateness, 50))}, p99 ${s(p99)}, max ${s(Math.max(...lateness))}`,
        beside: `target p99 ≤ 1 s; floor ${s(opMs)} (one ARM operation)`,
        ok: p99 <= 1000,
      },
    ];
  } finally {
    await stack.close();
  }
}
