import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { createAzurePorts } from "../../src/adapters/azure/create-azure-ports.js";
import { runCli } from "../../src/cli/run-cli.js";
import { parseConfig } from "../../src/config/load-config.js";
import {
  actionMatches,
  DEFAULT_REQUIRED_ACTIONS,
  evaluatePermissions,
  patternCovers,
} from "../../src/domain/rbac/index.js";
import { checkAzure } from "../../src/ops/doctor/azure-checks.js";
import { sdkAzureProbe } from "../../src/ops/doctor/sdk-azure-probe.js";
import { customRole, type CustomRoleDefinition } from "../../src/ops/role/role-definition.js";
import { scanVms } from "../../src/ops/scan/scan-vms.js";
import {
  DEMO_SEED_PATH,
  loadAzureSeed,
  startAzureSimulator,
  type AzureSimulator,
} from "../../src/simulators/azure/index.js";
import { NIC_NSG, opsConfig, RG_SCOPE, SUB } from "./support/ops-fixture.js";

const BOT_ROLE_ID = "7e57a11a-0000-4000-8000-00000000b07e";

/** The RBAC action an ARM request needs: provider namespace, resource types, and the verb. */
function actionFor(method: string, path: string): string {
  const segments = path.split("?")[0]!.split("/").filter(Boolean);
  const at = segments.map((s) => s.toLowerCase()).lastIndexOf("providers");
  const [namespace, ...rest] = segments.slice(at + 1);
  const types = rest.filter((_, i) => i % 2 === 0);
  const verb = method === "GET" ? "read" : method === "DELETE" ? "delete" : method === "POST" ? "action" : "write";
  return [namespace, ...types, verb].join("/");
}

async function printRole(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | undefined; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, "log").mockImplementation((line: unknown) => void out.push(String(line)));
  vi.spyOn(console, "error").mockImplementation((line: unknown) => void err.push(String(line)));
  const code = await runCli(["role", ...args], env);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("ajar role", () => {
  afterEach(() => vi.restoreAllMocks());

  it("prints a role definition az role definition create accepts", async () => {
    const { code, out } = await printRole(["--bot", "--scope", `/subscriptions/${SUB}`]);
    expect(code).toBe(0);
    const role = JSON.parse(out) as CustomRoleDefinition;
    expect(Object.keys(role).sort()).toEqual([
      "Actions",
      "AssignableScopes",
      "DataActions",
      "Description",
      "IsCustom",
      "Name",
      "NotActions",
      "NotDataActions",
    ]);
    expect(role).toMatchObject({
      Name: "ajar bot",
      IsCustom: true,
      AssignableScopes: [`/subscriptions/${SUB}`],
      DataActions: [],
    });
    // Least privilege: no wildcards, nothing beyond network rules, reads and the effective-rules read (a POST action).
    expect(role.Actions.filter((a) => a.includes("*"))).toEqual([]);
    expect(role.Actions.filter((a) => !a.endsWith("/read"))).toEqual([
      "Microsoft.Network/networkSecurityGroups/securityRules/write",
      "Microsoft.Network/networkSecurityGroups/securityRules/delete",
      "Microsoft.Network/networkInterfaces/effectiveNetworkSecurityGroups/action",
    ]);
  });

  it("gives requesters exactly what ajar (like Defender JIT) checks for", async () => {
    const { out } = await printRole(["--requester", "--scope", RG_SCOPE]);
    const role = JSON.parse(out) as CustomRoleDefinition;
    expect(role.Name).toBe("ajar JIT requester");
    for (const required of DEFAULT_REQUIRED_ACTIONS)
      expect(role.Actions.some((a) => patternCovers(a, required))).toBe(true);
    const decision = evaluatePermissions({
      principalId: "alice",
      scope: `${RG_SCOPE}/providers/Microsoft.Compute/virtualMachines/vm-prod-1`,
      requiredActions: DEFAULT_REQUIRED_ACTIONS,
      assignments: [{ id: "a", scope: RG_SCOPE, roleDefinitionId: "r", principalId: "alice" }],
      definitions: new Map([
        [
          "r",
          {
            id: "r",
            roleName: role.Name,
            permissions: [{ actions: role.Actions, notActions: [], dataActions: [], notDataActions: [] }],
          },
        ],
      ]),
      denyAssignments: [],
    });
    expect(decision.allowed).toBe(true);
  });

  it("takes its scopes from the configuration, and refuses to guess", async () => {
    const { code, err } = await printRole([], { AJAR_CONFIG: "/nonexistent/ajar.yaml" });
    expect(code).toBe(2);
    expect(err).toContain("--scope /subscriptions/<id>");
    expect((await printRole(["--bot", "--requester", "--scope", "/x"])).code).toBe(2);
    expect((await printRole(["--scope", "subscriptions/x"])).code).toBe(2);
  });
});

describe("the bot role covers every ARM request ajar makes", () => {
  let azure: AzureSimulator;
  beforeAll(async () => {
    // ajar's identity holds nothing but the custom role `ajar role --bot` prints.
    const seed = await loadAzureSeed(DEMO_SEED_PATH);
    const role = customRole("bot", [`/subscriptions/${SUB}`]);
    seed.roleDefinitions.push({
      id: BOT_ROLE_ID,
      roleName: role.Name,
      description: role.Description,
      assignableScopes: role.AssignableScopes,
      permissions: [{ actions: role.Actions, notActions: [], dataActions: [], notDataActions: [] }],
    });
    seed.roleAssignments = seed.roleAssignments.filter((a) => a.principal !== "ajar-bot");
    seed.roleAssignments.push({ role: role.Name, principal: "ajar-bot", scope: `/subscriptions/${SUB}` });
    azure = await startAzureSimulator({ seed, operationDelayMs: 30 });
  });
  afterAll(async () => {
    await azure.close();
  });

  it("open, lock down, close, authorize, scan and doctor: each request's action is in the role", async () => {
    const ports = createAzurePorts({
      endpoint: azure.url,
      staticToken: "role-test",
      pollIntervalMs: 10,
      retryOptions: { maxRetries: 0 },
    });
    const settings = parseConfig(opsConfig(), "test configuration");
    const vms = await ports.network.listVms([SUB]);
    const network = await ports.network.resolveVmNetwork(vms.find((v) => v.name === "vm-prod-1")!.id);
    await ports.network.listRules(NIC_NSG);
    await ports.network.putRule(NIC_NSG, {
      name: "ajar-g-abcdefghij-22",
      priority: 900,
      direction: "Inbound",
      access: "Allow",
      protocol: "Tcp",
      sourceAddressPrefixes: ["203.0.113.7"],
      destinationAddressPrefixes: network.privateIps,
      destinationPortRanges: ["22"],
      description: "role test",
    });
    await ports.network.deleteRule(NIC_NSG, "ajar-g-abcdefghij-22");
    const assignments = await ports.permissions.listRoleAssignments(vms[0]!.id, "11111111-1111-1111-1111-111111111111");
    await ports.permissions.getRoleDefinition(assignments[0]!.roleDefinitionId);
    await ports.permissions.listDenyAssignments(vms[0]!.id);
    await scanVms({ settings, network: ports.network });
    const doctor = await checkAzure(settings, sdkAzureProbe(ports));
    expect(doctor.filter((r) => !r.ok)).toEqual([]);

    const role = customRole("bot", ["/"]);
    const actions = [...new Set(azure.requestLog().map((r) => actionFor(r.method, r.path)))].sort();
    const uncovered = actions.filter((action) => !role.Actions.some((pattern) => actionMatches(pattern, action)));
    expect(uncovered).toEqual([]);
    // The replay really exercised writes, polling and RBAC reads, so the check above means something.
    expect(actions).toEqual(
      expect.arrayContaining([
        "Microsoft.Network/networkSecurityGroups/securityRules/write",
        "Microsoft.Network/networkSecurityGroups/securityRules/delete",
        "Microsoft.Network/locations/operations/read",
        "Microsoft.Authorization/roleAssignments/read",
        "Microsoft.Authorization/permissions/read",
        "Microsoft.Compute/virtualMachines/read",
        "Microsoft.Network/virtualNetworks/subnets/read",
      ]),
    );
    expect(
      actionFor("GET", `/subscriptions/${SUB}/providers/Microsoft.Network/locations/westeurope/operations/x`),
    ).toBe("Microsoft.Network/locations/operations/read");
  });
});
