import type { AzureSeed } from "../../src/simulators/azure/index.js";
import type { SimUser } from "../../src/simulators/slack/types.js";

/**
 * The estate the command-path bench runs on: many requesters (each mapped to an Entra object id in
 * ajar's configuration and holding Owner on the resource group through one group), and VMs each
 * behind its own NIC NSG, so grants spread over many NSGs as a real estate's would.
 */
export const BOT_TOKEN = "xoxb-ajar-bench";
export const SIGNING_SECRET = "ajar-bench-signing-secret";
export const SUB = "00000000-0000-0000-0000-0000000c0de1";
const RG = "rg-command-path";
export const USER_COUNT = 200;
export const VM_COUNT = 24;

const hex = (n: number, width: number): string => n.toString(16).padStart(width, "0");

export const vmNames = Array.from({ length: VM_COUNT }, (_, i) => `vm-bench-${i + 1}`);
export const users: (SimUser & { objectId: string; source: string })[] = Array.from({ length: USER_COUNT }, (_, i) => ({
  id: `U0BENCH${hex(i, 4).toUpperCase()}`,
  name: `bench${i}`,
  realName: `Bench Requester ${i}`,
  email: `bench${i}@example.com`,
  objectId: `b0b0b0b0-0000-4000-8000-${hex(i, 12)}`,
  source: `203.0.113.${1 + (i % 250)}`,
}));

export function benchSeed(): AzureSeed {
  return {
    principals: {
      users: users.map((u) => ({ name: u.name, objectId: u.objectId })),
      groups: [
        {
          name: "bench-requesters",
          objectId: "b0b0b0b0-0000-4000-8000-ffffffffffff",
          members: users.map((u) => u.name),
        },
      ],
    },
    roleAssignments: [
      { role: "Owner", principal: "bench-requesters", scope: `/subscriptions/${SUB}/resourceGroups/${RG}` },
    ],
    subscriptions: [
      {
        id: SUB,
        resourceGroups: [
          {
            name: RG,
            location: "westeurope",
            networkSecurityGroups: vmNames.map((vm) => ({ name: `nsg-${vm}`, rules: [] })),
            virtualNetworks: [
              {
                name: "vnet",
                addressSpace: ["10.9.0.0/16"],
                subnets: [{ name: "snet", addressPrefix: "10.9.0.0/16" }],
              },
            ],
            virtualMachines: vmNames.map((vm, i) => ({
              name: vm,
              osType: "Linux" as const,
              networkInterfaces: [
                {
                  name: `${vm}-nic`,
                  subnet: "vnet/snet",
                  privateIpAddress: `10.9.${i}.4`,
                  networkSecurityGroup: `nsg-${vm}`,
                },
              ],
            })),
          },
        ],
      },
    ],
  } as AzureSeed;
}

/** ajar's configuration: no approval and windows of seconds, so every request authorizes, opens and closes within the run. */
export function benchConfig(): Record<string, unknown> {
  return {
    azure: { subscriptions: [SUB], pollIntervalMs: 100, lockdown: { onStart: true, priority: 1000 } },
    grants: { pendingTimeout: "1h", reminderAfter: "15m", expiryNotice: "0s", sweepEvery: "1m" },
    identities: users.map((u) => ({ slackUserId: u.id, objectId: u.objectId, defaultSource: u.source })),
    policies: [
      {
        name: "bench",
        vms: [{ subscriptionId: SUB, resourceGroup: RG, namePattern: "vm-bench-*" }],
        ports: [{ port: 22, name: "ssh" }],
        duration: { min: "1s", default: "5s", max: "1m" },
        allowedSources: ["203.0.113.0/24"],
        approval: { mode: "none" },
      },
    ],
  };
}
