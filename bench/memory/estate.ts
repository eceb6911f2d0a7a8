import type { AzureSeed } from "../../src/simulators/azure/index.js";
import type { SimUser } from "../../src/simulators/slack/types.js";

/**
 * The estate of the memory run: VMs each behind their own NIC NSG (an NSG holds at most 1,000 rules,
 * so 10,000 open grants need a few dozen), no subnet NSG, and requesters who may all ask for any VM.
 */
export const SUB = "00000000-0000-0000-0000-0000000000aa";
export const RG = "rg-scale";
export const VM_COUNT = 50;
export const USER_COUNT = 100;

const pad = (n: number, width: number): string => String(n).padStart(width, "0");
export const vmName = (i: number): string => `vm-scale-${pad(i, 2)}`;
export const nsgId = (i: number): string =>
  `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/networkSecurityGroups/nsg-${vmName(i)}`;

export const requesters: (SimUser & { objectId: string })[] = Array.from({ length: USER_COUNT }, (_, i) => ({
  id: `U0SCALE${pad(i, 3)}`,
  name: `scale${i}`,
  realName: `Scale Operator ${i}`,
  objectId: `5ca1e000-0000-4000-8000-${pad(i, 12)}`,
}));

/** Every requester gets a source of their own in 198.18.0.0/15; grant `i` uses a distinct address. */
export const sourceOf = (i: number): string =>
  `198.${18 + Math.floor(i / 65536)}.${Math.floor(i / 256) % 256}.${i % 256}`;

export function scaleSeed(): AzureSeed {
  return {
    principals: {
      users: requesters.map((u) => ({ name: u.name, objectId: u.objectId })),
      groups: [
        {
          name: "scale-operators",
          objectId: "5ca1e000-0000-4000-8000-ffffffffffff",
          members: requesters.map((u) => u.name),
        },
      ],
    },
    roleAssignments: [{ role: "Owner", principal: "scale-operators", scope: `/subscriptions/${SUB}` }],
    subscriptions: [
      {
        id: SUB,
        resourceGroups: [
          {
            name: RG,
            location: "westeurope",
            networkSecurityGroups: Array.from({ length: VM_COUNT }, (_, i) => ({
              name: `nsg-${vmName(i)}`,
              rules: [],
            })),
            virtualNetworks: [
              {
                name: "vnet",
                addressSpace: ["10.0.0.0/16"],
                subnets: [{ name: "snet", addressPrefix: "10.0.0.0/16" }],
              },
            ],
            virtualMachines: Array.from({ length: VM_COUNT }, (_, i) => ({
              name: vmName(i),
              osType: "Linux" as const,
              networkInterfaces: [
                {
                  name: `${vmName(i)}-nic`,
                  subnet: "vnet/snet",
                  privateIpAddress: `10.0.${i}.4`,
                  networkSecurityGroup: `nsg-${vmName(i)}`,
                },
              ],
            })),
          },
        ],
      },
    ],
  } as AzureSeed;
}

/**
 * ajar's configuration as an operator would write it (default timings: a sweep every minute, a
 * heads-up 5 minutes before each end), with approval off so that the grants open as fast as the
 * real path allows; the footprint test takes one grant through the votes.
 */
export function scaleConfig(): Record<string, unknown> {
  return {
    slack: { notifyChannel: "C0SCALE01" },
    azure: { subscriptions: [SUB], pollIntervalMs: 50 },
    identities: requesters.map((u) => ({ slackUserId: u.id, objectId: u.objectId })),
    policies: [
      {
        name: "scale",
        vms: [{ subscriptionId: SUB, resourceGroup: RG, namePattern: "vm-scale-*" }],
        ports: [{ port: 22, name: "ssh" }],
        duration: { min: "1m", default: "1h", max: "8h" },
        allowedSources: ["198.18.0.0/15"],
        approval: { mode: "none" },
      },
    ],
  };
}
