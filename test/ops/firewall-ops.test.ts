import { afterEach, describe, expect, it, vi } from "vitest";

import { silentLogger } from "../../src/app/ports/logger.port.js";
import { reconcileFirewall } from "../../src/app/reconcile/reconcile-firewall.js";
import { runCli } from "../../src/cli/run-cli.js";
import { parseConfig } from "../../src/config/load-config.js";
import { actionMatches } from "../../src/domain/rbac/index.js";
import { checkFirewalls } from "../../src/ops/doctor/firewall-checks.js";
import { sdkAzureProbe } from "../../src/ops/doctor/sdk-azure-probe.js";
import { firewallActions } from "../../src/ops/role/firewall-actions.js";
import { customRole, type CustomRoleDefinition } from "../../src/ops/role/role-definition.js";
import { firewallFindings, formatFirewallScan, scanFirewalls } from "../../src/ops/scan/scan-firewalls.js";
import { startAzureSimulator, type AzureSimulator } from "../../src/simulators/azure/index.js";
import {
  CLASSIC_IP,
  firewallSeed,
  FW_CLASSIC,
  PIP_POLICY,
  POLICY,
} from "../simulators/azure/support/firewall-fixture.js";
import { opsConfig, portsFor, SUB, writeConfig } from "./support/ops-fixture.js";

const BOT_ROLE_ID = "7e57a11a-0000-4000-8000-00000000f11e";

const withFirewalls = () =>
  opsConfig({
    policies: [
      {
        name: "prod-linux",
        vms: [
          { subscriptionId: SUB, resourceGroup: "rg-prod", namePattern: "vm-prod-*" },
          {
            subscriptionId: SUB,
            resourceGroup: "rg-prod",
            namePattern: "vm-win-*",
            firewall: { id: POLICY, publicIp: PIP_POLICY },
          },
        ],
        ports: [{ port: 22, name: "ssh" }],
        allowedSources: ["203.0.113.0/24"],
        approval: { mode: "none" },
        firewall: { id: FW_CLASSIC, publicIp: CLASSIC_IP },
      },
    ],
  });

/** The RBAC action an ARM request needs (same rule as the NSG role test). */
function actionFor(method: string, path: string): string {
  const segments = path.split("?")[0]!.split("/").filter(Boolean);
  const at = segments.map((s) => s.toLowerCase()).lastIndexOf("providers");
  const [namespace, ...rest] = segments.slice(at + 1);
  const types = rest.filter((_, i) => i % 2 === 0);
  const verb = method === "GET" ? "read" : method === "DELETE" ? "delete" : method === "POST" ? "action" : "write";
  return [namespace, ...types, verb].join("/");
}

/** The firewall seed with ajar's identity holding only the role `ajar role --bot` prints (with or without the firewall actions). */
async function simWithBotRole(
  withFirewallActions: boolean,
): Promise<{ sim: AzureSimulator; role: CustomRoleDefinition }> {
  const settings = parseConfig(withFirewalls());
  const seed = await firewallSeed();
  const role = customRole(
    "bot",
    [`/subscriptions/${SUB}`],
    withFirewallActions
      ? firewallActions([settings.policies[0]!.firewall!, settings.policies[0]!.vms[1]!.firewall!])
      : [],
  );
  seed.roleDefinitions = [
    ...(seed.roleDefinitions ?? []),
    {
      id: BOT_ROLE_ID,
      roleName: role.Name,
      description: role.Description,
      assignableScopes: role.AssignableScopes,
      permissions: [{ actions: role.Actions }],
    },
  ];
  seed.roleAssignments = [
    ...(seed.roleAssignments ?? []).filter((a) => a.principal !== "ajar-bot"),
    { role: role.Name, principal: "ajar-bot", scope: `/subscriptions/${SUB}` },
  ];
  return { sim: await startAzureSimulator({ seed }), role };
}

let sim: AzureSimulator | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await sim?.close();
  sim = undefined;
});

describe("ajar role with firewalls", () => {
  it("adds the firewall actions when the configuration names firewalls, and nothing when it does not", async () => {
    const config = writeConfig(withFirewalls());
    const out: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => void out.push(String(line)));
    try {
      expect(await runCli(["role", "--bot"], { AJAR_CONFIG: config.path })).toBe(0);
    } finally {
      config.remove();
    }
    const role = JSON.parse(out.join("\n")) as CustomRoleDefinition;
    expect(role.Actions).toEqual(
      expect.arrayContaining([
        "Microsoft.Network/azureFirewalls/write",
        "Microsoft.Network/firewallPolicies/ruleCollectionGroups/write",
        "Microsoft.Network/locations/nfvOperations/read",
        "Microsoft.Network/publicIPAddresses/read",
      ]),
    );
    expect(role.Actions.filter((a) => a.includes("*"))).toEqual([]);
    // No firewallPolicies/write: ajar never rewrites a policy, only its own group.
    expect(role.Actions).not.toContain("Microsoft.Network/firewallPolicies/write");
    expect(customRole("bot", ["/"]).Actions.filter((a) => /firewall|nfv/i.test(a))).toEqual([]);
  });

  it("covers every ARM request of a firewall pass, classic and policy, and the doctor passes with it", async () => {
    const made = await simWithBotRole(true);
    sim = made.sim;
    const ports = portsFor(sim);
    const deps = { firewalls: ports.firewalls, logger: silentLogger, sleep: async () => undefined };
    const grant = {
      grantId: "g-abcdefghij",
      source: "203.0.113.7",
      requester: "alice",
      vmPrivateIp: "10.0.1.4",
      vmPort: 22,
      protocol: "Tcp" as const,
      endsAt: new Date("2026-12-01T10:00:00Z"),
    };
    await reconcileFirewall(
      deps,
      { id: FW_CLASSIC, publicIp: CLASSIC_IP, portRange: { from: 50000, to: 50009 }, priority: 150 },
      [grant],
    );
    await reconcileFirewall(
      deps,
      { id: POLICY, publicIp: PIP_POLICY, portRange: { from: 50000, to: 50009 }, priority: 150 },
      [grant],
    );
    const doctor = await checkFirewalls(parseConfig(withFirewalls()), sdkAzureProbe(ports));
    expect(doctor.map((r) => [r.name, r.ok])).toEqual([
      ["azure firewall fw-classic", true],
      ["azure firewall write fw-classic", true],
      ["azure firewall fwpol-prod", true],
      ["azure firewall write fwpol-prod", true],
    ]);
    expect(doctor[0]!.detail).toMatch(
      /classic rules; grants connect to 20\.1\.2\.3; NSGs must admit 10\.0\.255\.0\/26; 1 ajar DNAT rules/,
    );
    const actions = [...new Set(sim.requestLog().map((r) => actionFor(r.method, r.path)))].sort();
    expect(actions.filter((action) => !made.role.Actions.some((pattern) => actionMatches(pattern, action)))).toEqual(
      [],
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        "Microsoft.Network/azureFirewalls/write",
        "Microsoft.Network/firewallPolicies/ruleCollectionGroups/write",
        "Microsoft.Network/locations/nfvOperations/read",
      ]),
    );
  });

  it("doctor names the missing firewall actions and a public IP the firewall does not have", async () => {
    sim = (await simWithBotRole(false)).sim;
    const settings = parseConfig(withFirewalls());
    settings.policies[0]!.firewall = { ...settings.policies[0]!.firewall!, publicIp: "20.9.9.9" };
    const doctor = await checkFirewalls(settings, sdkAzureProbe(portsFor(sim)));
    expect(doctor.filter((r) => !r.ok).map((r) => [r.name, r.detail])).toEqual([
      [
        "azure firewall fw-classic",
        expect.stringContaining("publicIp 20.9.9.9 is not one of its public IPs (20.1.2.3)"),
      ],
      ["azure firewall write fw-classic", expect.stringContaining("Microsoft.Network/azureFirewalls/write")],
      [
        "azure firewall write fwpol-prod",
        expect.stringContaining("Microsoft.Network/firewallPolicies/ruleCollectionGroups/write"),
      ],
    ]);
  });
});

describe("ajar scan with firewalls", () => {
  it("reports a DNAT rule that publishes a covered VM's SSH to any source, and not a published web port", async () => {
    const seed = await firewallSeed();
    const fw = seed.subscriptions[0]!.resourceGroups![0]!.azureFirewalls![0]!;
    fw.natRuleCollections = [
      ...(fw.natRuleCollections ?? []),
      {
        name: "legacy",
        properties: {
          priority: 400,
          action: { type: "Dnat" },
          rules: [
            {
              name: "ssh-any",
              protocols: ["TCP"],
              sourceAddresses: ["*"],
              destinationAddresses: [CLASSIC_IP],
              destinationPorts: ["2222"],
              translatedAddress: "10.0.1.4",
              translatedPort: "22",
            },
          ],
        },
      },
    ];
    sim = await startAzureSimulator({ seed });
    const ports = portsFor(sim);
    const scans = await scanFirewalls({
      settings: parseConfig(withFirewalls()),
      network: ports.network,
      firewalls: ports.firewalls,
    });
    expect(
      scans.map((s) => [s.firewall, s.exposures.map((e) => `${e.collection}/${e.rule} ${e.vm}:${e.vmPort}`)]),
    ).toEqual([
      ["fw-classic", ["legacy/ssh-any vm-prod-1:22"]],
      ["fwpol-prod", []],
    ]);
    expect(firewallFindings(scans)).toBe(1);
    expect(formatFirewallScan(scans)[0]).toBe(
      "EXPOSED   firewall fw-classic  legacy/ssh-any: any source (*) → 20.1.2.3:2222 → vm-prod-1:22",
    );
  });
});
