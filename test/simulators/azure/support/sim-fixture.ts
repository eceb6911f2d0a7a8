import {
  createArmClients,
  type ArmClientOptions,
  type ArmClients,
} from "../../../../src/adapters/azure/arm-clients.js";
import {
  DEMO_SEED_PATH,
  loadAzureSeed,
  startAzureSimulator,
  type AzureSeed,
  type AzureSimulator,
  type AzureSimulatorOptions,
  type ParsedAzureSeed,
} from "../../../../src/simulators/azure/index.js";

export const SUB = "00000000-0000-0000-0000-000000000001";
export const RG = "rg-prod";
export const RG_ID = `/subscriptions/${SUB}/resourceGroups/${RG}`;
export const NSG_NIC = `${RG_ID}/providers/Microsoft.Network/networkSecurityGroups/nsg-vm-prod-1`;
export const NSG_SUBNET = `${RG_ID}/providers/Microsoft.Network/networkSecurityGroups/nsg-snet-app`;
export const VM1 = `${RG_ID}/providers/Microsoft.Compute/virtualMachines/vm-prod-1`;
export const VM2 = `${RG_ID}/providers/Microsoft.Compute/virtualMachines/vm-prod-2`;
export const ALICE = "11111111-1111-1111-1111-111111111111";
export const BOB = "22222222-2222-2222-2222-222222222222";
export const CAROL = "33333333-3333-3333-3333-333333333333";
export const JIT_GROUP = "44444444-4444-4444-4444-444444444444";
export const BOT = "99999999-9999-9999-9999-999999999999";
export const TOKEN = "test-token";

let demo: ParsedAzureSeed | undefined;

/** A fresh copy of the demo seed, typed as seed input so tests can add partial entries. */
export async function demoSeed(): Promise<AzureSeed> {
  demo ??= await loadAzureSeed(DEMO_SEED_PATH);
  return structuredClone(demo);
}

/** A simulator on a free port with the demo seed; close it in afterEach. */
export async function startDemoSimulator(options: Partial<AzureSimulatorOptions> = {}): Promise<AzureSimulator> {
  return startAzureSimulator({ seed: await demoSeed(), ...options });
}

/** Real SDK clients for the simulator; no SDK retries unless a test asks, so failures surface at once. */
export function clientsFor(sim: AzureSimulator, options: Partial<ArmClientOptions> = {}): ArmClients {
  return createArmClients({
    subscriptionId: SUB,
    endpoint: sim.url,
    staticToken: TOKEN,
    retryOptions: { maxRetries: 0 },
    ...options,
  });
}

/** Plain HTTP against the simulator, for wire-level assertions the SDK hides. */
export async function armFetch(
  sim: AzureSimulator,
  path: string,
  init: RequestInit & { token?: string | null } = {},
): Promise<Response> {
  const { token = TOKEN, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token !== null) headers.set("Authorization", `Bearer ${token}`);
  if (rest.body !== undefined) headers.set("Content-Type", "application/json");
  const sep = path.includes("?") ? "&" : "?";
  return fetch(`${sim.url}${path}${path.includes("api-version") ? "" : `${sep}api-version=2024-05-01`}`, {
    ...rest,
    headers,
  });
}

/** A valid inbound rule for the SDK; override what the test is about. */
export const sshRule = (overrides: Record<string, unknown> = {}) => ({
  protocol: "Tcp",
  access: "Allow",
  direction: "Inbound",
  priority: 200,
  sourceAddressPrefix: "203.0.113.7",
  sourcePortRange: "*",
  destinationAddressPrefix: "10.0.1.4",
  destinationPortRange: "22",
  description: "ajar test",
  ...overrides,
});

/** Caught error, or a failure when the promise resolves. */
export async function errorOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
