import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { stringify } from "yaml";

import { createAzurePorts, type AzurePorts } from "../../../src/adapters/azure/create-azure-ports.js";
import {
  DEMO_SEED_PATH,
  loadAzureSeed,
  startAzureSimulator,
  type AzureSimulator,
} from "../../../src/simulators/azure/index.js";

export const SUB = "00000000-0000-0000-0000-000000000001";
export const RG_SCOPE = `/subscriptions/${SUB}/resourceGroups/rg-prod`;
export const NIC_NSG = `${RG_SCOPE}/providers/Microsoft.Network/networkSecurityGroups/nsg-vm-prod-1`;
export const SUBNET_NSG = `${RG_SCOPE}/providers/Microsoft.Network/networkSecurityGroups/nsg-snet-app`;
export const BOT = "99999999-9999-9999-9999-999999999999";
export const NETWORK_CONTRIBUTOR = "4d97b98b-1d4f-4787-a291-c67834d212e7";

/** ajar.yaml as an operator would write it, for the demo estate (vm-win-1 is covered by "windows"). */
export function opsConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    slack: { notifyChannel: "C0JITNOTE" },
    azure: { subscriptions: [SUB], pollIntervalMs: 10 },
    identities: [
      { slackUserId: "U0ALICE01", objectId: "11111111-1111-1111-1111-111111111111", defaultSource: "203.0.113.7" },
    ],
    policies: [
      {
        name: "prod-linux",
        vms: [{ subscriptionId: SUB, resourceGroup: "rg-prod", namePattern: "vm-prod-*" }],
        ports: [{ port: 22, name: "ssh" }],
        allowedSources: ["203.0.113.0/24"],
        approval: { mode: "none" },
      },
    ],
    ...overrides,
  };
}

export interface TempConfig {
  path: string;
  remove(): void;
}

/** Writes a config object (or raw text) to a temporary ajar.yaml. */
export function writeConfig(config: Record<string, unknown> | string): TempConfig {
  const dir = mkdtempSync(join(tmpdir(), "ajar-ops-"));
  const path = join(dir, "ajar.yaml");
  writeFileSync(path, typeof config === "string" ? config : stringify(config));
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startDemoAzure(): Promise<AzureSimulator> {
  return startAzureSimulator({ seed: await loadAzureSeed(DEMO_SEED_PATH) });
}

/** The real Azure adapters against the simulator, without SDK retries so failures show at once. */
export function portsFor(sim: AzureSimulator): AzurePorts {
  return createAzurePorts({
    endpoint: sim.url,
    staticToken: "ops-test-token",
    pollIntervalMs: 10,
    retryOptions: { maxRetries: 0 },
  });
}
