import type { AzureSeed } from "../../src/simulators/azure/index.js";
import type { SimUser } from "../../src/simulators/slack/types.js";

/** The estate the chaos run works on: a few Linux VMs, each with its own NIC NSG, all behind one subnet NSG. */
export const SUB = "00000000-0000-0000-0000-00000000c4a0";
export const RG = "rg-chaos";
export const VM_COUNT = 6;
export const USER_COUNT = 10;
const NSG_BASE = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/networkSecurityGroups`;

export const vmNames = Array.from({ length: VM_COUNT }, (_, i) => `vm-chaos-${i + 1}`);
export const subnetNsgId = `${NSG_BASE}/nsg-snet-app`;
export const nsgIds = [subnetNsgId, ...vmNames.map((vm) => `${NSG_BASE}/nsg-${vm}`)];

const pad = (n: number): string => String(n).padStart(2, "0");
export const users: (SimUser & { objectId: string; source: string })[] = Array.from({ length: USER_COUNT }, (_, i) => ({
  id: `U0CHAOS${pad(i + 1)}`,
  name: `chaos${i + 1}`,
  realName: `Chaos Operator ${i + 1}`,
  email: `chaos${i + 1}@example.com`,
  objectId: `c4a0c4a0-0000-4000-8000-0000000000${pad(i + 1)}`,
  source: `203.0.113.${20 + i}`,
}));

export function chaosSeed(): AzureSeed {
  return {
    tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
    principals: {
      users: users.map((u) => ({ name: u.name, objectId: u.objectId, displayName: u.realName })),
      servicePrincipals: [
        { name: "ajar-bot", objectId: "99999999-9999-9999-9999-999999999999", displayName: "ajar bot identity" },
      ],
      groups: [
        { name: "jit-operators", objectId: "44444444-4444-4444-4444-444444444444", members: users.map((u) => u.name) },
      ],
    },
    roleDefinitions: [
      {
        id: "5a1d7d2e-6b7a-4c7e-9f0e-1a2b3c4d5e6f",
        roleName: "JIT Requester",
        description: "Can request just-in-time access to VM management ports.",
        assignableScopes: [`/subscriptions/${SUB}`],
        permissions: [
          {
            actions: [
              "Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action",
              "Microsoft.Security/locations/jitNetworkAccessPolicies/*/read",
              "Microsoft.Compute/virtualMachines/read",
              "Microsoft.Network/networkInterfaces/*/read",
            ],
          },
        ],
      },
    ],
    roleAssignments: [
      { role: "JIT Requester", principal: "jit-operators", scope: `/subscriptions/${SUB}/resourceGroups/${RG}` },
      { role: "Network Contributor", principal: "ajar-bot", scope: `/subscriptions/${SUB}` },
      { role: "Reader", principal: "ajar-bot", scope: `/subscriptions/${SUB}` },
    ],
    subscriptions: [
      {
        id: SUB,
        displayName: "Chaos",
        resourceGroups: [
          {
            name: RG,
            location: "westeurope",
            networkSecurityGroups: [
              {
                name: "nsg-snet-app",
                rules: [
                  // An operator's own rule that must survive every whole-NSG write untouched.
                  {
                    name: "Allow-HTTPS",
                    priority: 300,
                    direction: "Inbound",
                    access: "Allow",
                    protocol: "Tcp",
                    sourceAddressPrefix: "Internet",
                    destinationAddressPrefix: "10.0.1.0/24",
                    destinationPortRange: "443",
                  },
                ],
              },
              ...vmNames.map((vm) => ({ name: `nsg-${vm}`, rules: [] })),
            ],
            virtualNetworks: [
              {
                name: "vnet-chaos",
                addressSpace: ["10.0.0.0/16"],
                subnets: [{ name: "snet-app", addressPrefix: "10.0.1.0/24", networkSecurityGroup: "nsg-snet-app" }],
              },
            ],
            virtualMachines: vmNames.map((vm, i) => ({
              name: vm,
              osType: "Linux",
              networkInterfaces: [
                {
                  name: `${vm}-nic`,
                  subnet: "vnet-chaos/snet-app",
                  privateIpAddress: `10.0.1.${10 + i}`,
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

/** ajar's configuration for the run: no approval, windows of a few seconds, ends closed by the reconciler. */
export function chaosConfig(): Record<string, unknown> {
  return {
    azure: { subscriptions: [SUB], pollIntervalMs: 100, lockdown: { onStart: true, priority: 1000 } },
    grants: { pendingTimeout: "1h", reminderAfter: "15m", expiryNotice: "0s", sweepEvery: "1m" },
    identities: users.map((u) => ({ slackUserId: u.id, objectId: u.objectId, defaultSource: u.source })),
    policies: [
      {
        name: "chaos-linux",
        vms: [{ subscriptionId: SUB, resourceGroup: RG, namePattern: "vm-chaos-*" }],
        ports: [
          { port: 22, name: "ssh" },
          { port: 3389, name: "rdp" },
        ],
        duration: { min: "1s", default: "10s", max: "30s" },
        allowedSources: ["203.0.113.0/24"],
        approval: { mode: "none" },
      },
    ],
  };
}
