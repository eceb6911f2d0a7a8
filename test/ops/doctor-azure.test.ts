import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { parseConfig } from "../../src/config/load-config.js";
import { checkAzure } from "../../src/ops/doctor/azure-checks.js";
import { sdkAzureProbe } from "../../src/ops/doctor/sdk-azure-probe.js";
import type { AzureSimulator } from "../../src/simulators/azure/index.js";
import { BOT, NETWORK_CONTRIBUTOR, opsConfig, portsFor, RG_SCOPE, startDemoAzure, SUB } from "./support/ops-fixture.js";

const settings = parseConfig(opsConfig(), "test configuration");
const summary = (results: { name: string; ok: boolean }[]) => results.map((r) => `${r.ok ? "PASS" : "FAIL"} ${r.name}`);

describe("doctor: Azure", () => {
  let azure: AzureSimulator;
  beforeAll(async () => {
    azure = await startDemoAzure();
  });
  afterEach(() => azure.reset());
  afterAll(async () => {
    await azure.close();
  });

  it("passes when ajar's identity can read everything and write rules where its VMs' NSGs live", async () => {
    const results = await checkAzure(settings, sdkAzureProbe(portsFor(azure)));
    expect(summary(results)).toEqual([
      `PASS azure read vms /subscriptions/${SUB}`,
      `PASS azure read network /subscriptions/${SUB}`,
      `PASS azure read rbac /subscriptions/${SUB}`,
      `PASS azure read network ${RG_SCOPE}`,
      `PASS azure read rbac ${RG_SCOPE}`,
      `PASS azure write rules ${RG_SCOPE}`,
    ]);
    // Writing is judged from the caller's own permissions, never by writing.
    expect(azure.writeLog()).toEqual([]);
    expect(azure.requestLog().some((r) => r.path.endsWith("/providers/Microsoft.Authorization/permissions"))).toBe(
      true,
    );
  });

  it("fails the write check when the identity loses Network Contributor", async () => {
    const assignments = await portsFor(azure).permissions.listRoleAssignments(`/subscriptions/${SUB}`, BOT);
    const contributor = assignments.find((a) => a.roleDefinitionId.endsWith(NETWORK_CONTRIBUTOR));
    expect(contributor).toBeDefined();
    expect(azure.removeRoleAssignment(contributor!.id)).toBe(true);

    const results = await checkAzure(settings, sdkAzureProbe(portsFor(azure)));
    const write = results.find((r) => r.name === `azure write rules ${RG_SCOPE}`)!;
    expect(write.ok).toBe(false);
    // Reader still grants securityRules/read; write and delete are what is missing.
    expect(write.detail).toBe(
      "missing Microsoft.Network/networkSecurityGroups/securityRules/write, Microsoft.Network/networkSecurityGroups/securityRules/delete",
    );
    expect(write.fix).toContain(`ajar role --bot --scope ${RG_SCOPE}`);
    expect(results.filter((r) => !r.ok)).toHaveLength(1);
  });

  it("is satisfied by rule-writing rights at the resource group alone", async () => {
    const assignments = await portsFor(azure).permissions.listRoleAssignments(`/subscriptions/${SUB}`, BOT);
    for (const a of assignments) azure.removeRoleAssignment(a.id);
    expect(
      (await checkAzure(settings, sdkAzureProbe(portsFor(azure)))).find((r) => r.name.startsWith("azure write"))?.ok,
    ).toBe(false);

    azure.addRoleAssignment({ role: "Network Contributor", principal: "ajar-bot", scope: RG_SCOPE });
    const results = await checkAzure(settings, sdkAzureProbe(portsFor(azure)));
    expect(results.find((r) => r.name === `azure write rules ${RG_SCOPE}`)?.ok).toBe(true);
  });

  it("reports a read ARM refuses with the scope and the role to assign", async () => {
    azure.failNext({
      status: 403,
      code: "AuthorizationFailed",
      message: "The client does not have authorization to perform action 'Microsoft.Network/networkInterfaces/read'.",
      match: { path: "/networkInterfaces" },
    });
    const results = await checkAzure(settings, sdkAzureProbe(portsFor(azure)));
    const failed = results.filter((r) => !r.ok);
    expect(failed.map((r) => r.name)).toEqual([`azure read network /subscriptions/${SUB}`]);
    expect(failed[0]!.detail).toContain("AuthorizationFailed");
    expect(failed[0]!.fix).toContain(`/subscriptions/${SUB}`);
  });

  it("warns when a deny assignment blocks rule writes, since whom it spares needs ajar's object id", async () => {
    const probe = sdkAzureProbe(portsFor(azure));
    vi.spyOn(probe, "listDenyAssignments").mockResolvedValue([
      {
        id: "/deny/1",
        scope: `/subscriptions/${SUB}`,
        name: "stack-lock",
        permissions: [{ actions: ["*"], notActions: ["*/read"], dataActions: [], notDataActions: [] }],
        principalIds: ["00000000-0000-0000-0000-000000000000"],
        excludePrincipalIds: [],
        doNotApplyToChildScopes: false,
      },
    ]);
    const results = await checkAzure(settings, probe);
    const warning = results.find((r) => r.name === `azure deny assignments ${RG_SCOPE}`);
    expect(warning).toMatchObject({ ok: true, note: "warn" });
    expect(warning?.detail).toContain("stack-lock");
  });

  it("fails when the configuration reaches no subscription", async () => {
    const none = parseConfig(
      opsConfig({
        azure: { subscriptions: [] },
        policies: [
          {
            name: "p",
            vms: [{ namePattern: "vm-*" }],
            ports: [{ port: 22 }],
            allowAnySource: true,
            approval: { mode: "none" },
          },
        ],
      }),
    );
    const results = await checkAzure(none, sdkAzureProbe(portsFor(azure)));
    expect(results).toEqual([expect.objectContaining({ name: "azure scopes", ok: false })]);
  });

  it("warns about VMs more than one policy covers, naming the policies", async () => {
    const lax = {
      name: "tagged-lax",
      vms: [{ tags: { role: "api" } }],
      ports: [{ port: 22 }],
      allowedSources: ["203.0.113.0/24"],
      approval: { mode: "none" },
    };
    const overlapping = parseConfig(opsConfig({ policies: [...(opsConfig().policies as object[]), lax] }));
    const results = await checkAzure(overlapping, sdkAzureProbe(portsFor(azure)));
    const warning = results.find((r) => r.name === "policy overlap");
    expect(warning).toMatchObject({ ok: true, note: "warn" });
    expect(warning?.detail).toContain("vm-prod-1 (prod-linux, tagged-lax)");
    expect(warning?.detail).not.toContain("vm-prod-2");
  });
});
