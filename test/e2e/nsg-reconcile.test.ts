import { fileURLToPath } from "node:url";

import { afterEach, describe, expect, it } from "vitest";

import { createArmClients } from "../../src/adapters/azure/arm-clients.js";
import { createAzurePorts } from "../../src/adapters/azure/create-azure-ports.js";
import { decideGrant } from "../../src/app/commands/decide-grant.js";
import { extendGrant } from "../../src/app/commands/extend-grant.js";
import { revokeGrant } from "../../src/app/commands/revoke-grant.js";
import { lockdownVms } from "../../src/app/jobs/lockdown-vms.js";
import { sweep } from "../../src/app/jobs/sweep.js";
import { checkAzure } from "../../src/ops/doctor/azure-checks.js";
import { sdkAzureProbe } from "../../src/ops/doctor/sdk-azure-probe.js";
import { formatScan, scanVms } from "../../src/ops/scan/scan-vms.js";
import {
  allowRules,
  armWritesTo,
  dmsTo,
  jit,
  lockdownRule,
  startE2E,
  until,
  waitForLockdown,
  waitForStatus,
  type E2E,
} from "../support/e2e.js";

const SUB = "00000000-0000-0000-0000-000000000001";
const SUB2 = "00000000-0000-0000-0000-000000000002";
const nsg = (sub: string, rg: string, name: string) =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/networkSecurityGroups/${name}`;
const APP_NSG = nsg(SUB, "rg-net", "nsg-snet-app");
const VM_NSG = nsg(SUB, "rg-prod", "nsg-vm-prod-1");
const WEB_NSG = nsg(SUB, "rg-net", "nsg-web");
const STAGE_NSG = nsg(SUB2, "rg-stage", "nsg-stage");
const ESTATE_SEED = fileURLToPath(new URL("./fixtures/estate-seed.yaml", import.meta.url));
const MGMT_PORTS = [
  { port: 22, name: "ssh" },
  { port: 3389, name: "rdp" },
  { port: 5985, name: "winrm" },
  { port: 5986, name: "winrms" },
];

function estateConfig(approval: Record<string, unknown> = { mode: "none" }): Record<string, unknown> {
  const common = {
    duration: { min: "1s", default: "30m", max: "3h" },
    allowedSources: ["203.0.113.0/24", "198.51.100.0/24"],
  };
  return {
    slack: { notifyChannel: "C0JITNOTE" },
    azure: { subscriptions: [SUB, SUB2], pollIntervalMs: 20 },
    grants: { pendingTimeout: "1h", reminderAfter: "15m", expiryNotice: "0s", sweepEvery: "1h" },
    identities: [
      { slackUserId: "U0ALICE01", objectId: "11111111-1111-1111-1111-111111111111", defaultSource: "203.0.113.7" },
      { slackUserId: "U0BOB0001", objectId: "22222222-2222-2222-2222-222222222222" },
    ],
    policies: [
      {
        name: "prod",
        vms: [{ subscriptionId: SUB, resourceGroup: "rg-prod" }],
        ports: MGMT_PORTS,
        approval,
        ...common,
      },
      {
        name: "web",
        vms: [{ subscriptionId: SUB, namePattern: "web" }],
        ports: [{ port: 22, name: "ssh" }],
        approval: { mode: "none" },
        ...common,
      },
      {
        name: "stage",
        vms: [{ subscriptionId: SUB2 }],
        ports: [{ port: 22, name: "ssh" }],
        approval: { mode: "none" },
        ...common,
      },
    ],
  };
}

const startEstate = (config = estateConfig(), azure: Record<string, unknown> = {}) =>
  startE2E(config, { azure: { seedPath: ESTATE_SEED, operationDelayMs: 20, ...azure } });
const denies = (e2e: E2E, nsgId: string) =>
  e2e.stack.azure
    .getRules(nsgId)
    .filter((r) => r.access === "Deny")
    .map((r) => r.name);

describe("NSG reconciler on a realistic estate", () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it("opens above a hand-made catch-all deny at 4096 in both NSGs, writes no second deny, and closes on time", async () => {
    e2e = await startEstate();
    await waitForLockdown(e2e, VM_NSG, "vm-prod-1");
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 3s");
    await waitForStatus(e2e, grantId!, "active");
    const [inApp] = allowRules(e2e, APP_NSG);
    expect(inApp?.priority).toBeLessThan(4096);
    expect(allowRules(e2e, VM_NSG)[0]!.priority).toBeLessThan(lockdownRule(e2e, VM_NSG, "vm-prod-1")!.priority);
    // The operator's deny is the lock-down there: nothing of ajar's is denied in that NSG.
    expect(denies(e2e, APP_NSG)).toEqual(["Deny-Mgmt-Any"]);

    const closed = await waitForStatus(e2e, grantId!, "closed", 10_000);
    expect(Date.parse(closed.closedAt!) - Date.parse(closed.expiresAt!)).toBeLessThan(1500);
    expect(allowRules(e2e, APP_NSG)).toHaveLength(0);
    expect(allowRules(e2e, VM_NSG)).toHaveLength(0);
    expect(e2e.stack.azure.getRules(APP_NSG).find((r) => r.name === "Deny-Mgmt-Any")?.priority).toBe(4096);
  });

  it("refuses a grant an operator's targeted deny covers, naming the rule, and opens nothing", async () => {
    e2e = await startEstate();
    e2e.stack.azure.adminPutRule(APP_NSG, {
      name: "Deny-Incident",
      priority: 200,
      direction: "Inbound",
      access: "Deny",
      protocol: "*",
      sourceAddressPrefix: "198.51.100.0/24",
    });
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 30m from 198.51.100.7");
    const failed = await waitForStatus(e2e, grantId!, "failed", 10_000);
    expect(failed.failure).toContain("Deny-Incident (priority 200)");
    await until("the requester to be told", () => dmsTo(e2e!, "U0ALICE01").some((t) => t.includes("Deny-Incident")));
    await until(
      "nothing left open",
      () => allowRules(e2e!, APP_NSG).length === 0 && allowRules(e2e!, VM_NSG).length === 0,
    );
  });

  it("reports a VM an operator's allow from any source leaves open above its deny, in the pass, in /metrics and in ajar scan", async () => {
    e2e = await startEstate();
    e2e.stack.azure.adminPutRule(VM_NSG, {
      name: "Allow-SSH-Any",
      priority: 300,
      direction: "Inbound",
      access: "Allow",
      protocol: "Tcp",
      sourceAddressPrefix: "*",
      destinationPortRange: "22",
    });
    const { deps, metrics } = e2e.stack.runtime;
    const report = await lockdownVms(deps);
    const exposures = report.nsgs.flatMap((n) => n.exposures);
    expect(exposures).toEqual([
      expect.objectContaining({ vmName: "vm-prod-1", port: 22, rule: "Allow-SSH-Any", priority: 300 }),
    ]);
    expect(await metrics.render()).toMatch(/ajar_vm_not_locked_down_total\{vm="vm-prod-1",port="22"\} [1-9]/);
    const scan = await scanVms(deps);
    expect(scan.vms.find((v) => v.vm === "vm-prod-1")?.notLockedDown).toEqual([
      { nsg: "nsg-vm-prod-1", port: 22, rule: "Allow-SSH-Any", priority: 300 },
    ]);
    expect(formatScan(scan).join("\n")).toMatch(
      /UNLOCKED\s+vm-prod-1\s+port 22 in nsg-vm-prod-1: Allow-SSH-Any \(priority 300\)/,
    );
  });

  it("gives two VMs called web in different resource groups their own lock-down, kept across passes", async () => {
    e2e = await startEstate();
    await until(
      "both lock-downs",
      () => e2e!.stack.azure.getRules(WEB_NSG).filter((r) => r.name.startsWith("ajar-lockdown-web-")).length === 2,
    );
    const first = e2e.stack.azure.getRules(WEB_NSG).filter((r) => r.name.startsWith("ajar-lockdown-web-"));
    expect(first.map((r) => r.destinationAddressPrefix ?? r.destinationAddressPrefixes?.join()).sort()).toEqual([
      "10.0.2.10",
      "10.0.2.11",
    ]);
    e2e.stack.azure.resetWriteLog();
    for (let pass = 0; pass < 3; pass++) await lockdownVms(e2e.stack.runtime.deps);
    expect(armWritesTo(e2e, WEB_NSG)).toEqual([]);
    expect(
      e2e.stack.azure
        .getRules(WEB_NSG)
        .filter((r) => r.name.startsWith("ajar-lockdown-web-"))
        .map((r) => [r.name, r.priority]),
    ).toEqual(first.map((r) => [r.name, r.priority]));
  });

  it("keeps a revoked grant closed when an extension is approved at the same moment", async () => {
    e2e = await startEstate(estateConfig({ mode: "approvers", users: ["U0BOB0001"], minApprovals: 1 }));
    const { deps } = e2e.stack.runtime;
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 1h");
    await waitForStatus(e2e, grantId!, "pending");
    await decideGrant(deps, grantId!, "U0BOB0001", "approve");
    await waitForStatus(e2e, grantId!, "active");
    await extendGrant(deps, grantId!, "U0ALICE01", 600);
    const outcomes = await Promise.allSettled([
      decideGrant(deps, grantId!, "U0BOB0001", "approve"),
      revokeGrant(deps, grantId!, "U0ALICE01"),
    ]);
    expect(outcomes.some((o) => o.status === "fulfilled")).toBe(true);
    const closed = await waitForStatus(e2e, grantId!, "closed", 10_000);
    expect(closed.closeReason).toBe("revoked");
    await new Promise((r) => setTimeout(r, 1000));
    expect(allowRules(e2e, APP_NSG)).toHaveLength(0);
    expect(allowRules(e2e, VM_NSG)).toHaveLength(0);
    expect((await deps.store.get(grantId!))?.status).toBe("closed");
  });

  it("keeps a grant closed at its end when its extension is approved at that moment, or open with the new end, never half", async () => {
    e2e = await startEstate(estateConfig({ mode: "approvers", users: ["U0BOB0001"], minApprovals: 1 }));
    const { deps } = e2e.stack.runtime;
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 2s");
    await waitForStatus(e2e, grantId!, "pending");
    await decideGrant(deps, grantId!, "U0BOB0001", "approve");
    const active = await waitForStatus(e2e, grantId!, "active");
    await extendGrant(deps, grantId!, "U0ALICE01", 2);
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(active.expiresAt!) - Date.now())));
    await decideGrant(deps, grantId!, "U0BOB0001", "approve").catch(() => undefined);
    await new Promise((r) => setTimeout(r, 1200));
    const now = await deps.store.get(grantId!);
    if (now?.status === "closed") {
      expect(allowRules(e2e, VM_NSG)).toHaveLength(0);
    } else {
      expect(now?.status).toBe("active");
      expect(Date.parse(now!.expiresAt!)).toBeGreaterThan(Date.parse(active.expiresAt!));
      expect(allowRules(e2e, VM_NSG)).toHaveLength(1);
    }
    // Either way it ends closed, and nothing comes back.
    await waitForStatus(e2e, grantId!, "closed", 10_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(allowRules(e2e, VM_NSG)).toHaveLength(0);
    expect(allowRules(e2e, APP_NSG)).toHaveLength(0);
    // An approval that comes after the close changes nothing.
    await expect(decideGrant(deps, grantId!, "U0BOB0001", "approve")).rejects.toThrow();
    expect(allowRules(e2e, VM_NSG)).toHaveLength(0);
  });

  it("keeps an administrator's rule added between ajar's read and write, during an open and during a close (412, re-read)", async () => {
    e2e = await startEstate();
    const { azure } = e2e.stack;
    await waitForLockdown(e2e, VM_NSG, "vm-prod-1");
    const admin = (name: string, priority: number) => () =>
      azure.adminPutRule(VM_NSG, {
        name,
        priority,
        direction: "Inbound",
        access: "Allow",
        protocol: "Tcp",
        sourceAddressPrefix: "192.0.2.0/24",
        destinationPortRange: "8443",
      });
    azure.onNextWrite(VM_NSG, admin("Admin-During-Open", 150));
    const [a, b] = await Promise.all([
      jit(e2e, "U0ALICE01", "ssh vm-prod-1 3s"),
      jit(e2e, "U0ALICE01", "ssh vm-prod-1 3s from 203.0.113.8"),
    ]);
    await waitForStatus(e2e, a.grantId!, "active");
    await waitForStatus(e2e, b.grantId!, "active");
    expect(azure.writeLog().some((w) => w.outcome === "precondition-failed")).toBe(true);
    expect(azure.getRules(VM_NSG).some((r) => r.name === "Admin-During-Open")).toBe(true);
    expect(allowRules(e2e, VM_NSG)).toHaveLength(2);

    azure.resetWriteLog();
    azure.onNextWrite(VM_NSG, admin("Admin-During-Close", 160));
    await waitForStatus(e2e, a.grantId!, "closed", 10_000);
    await waitForStatus(e2e, b.grantId!, "closed", 10_000);
    expect(azure.getRules(VM_NSG).map((r) => r.name)).toEqual(
      expect.arrayContaining(["Admin-During-Open", "Admin-During-Close"]),
    );
    expect(allowRules(e2e, VM_NSG)).toHaveLength(0);
  });

  it("re-plans and applies a write that ARM canceled because another write superseded it", async () => {
    e2e = await startEstate(estateConfig(), { conflictMode: "cancel-superseded", operationDelayMs: 300 });
    const { azure } = e2e.stack;
    await waitForLockdown(e2e, VM_NSG, "vm-prod-1", 15_000);
    const other = createArmClients({
      subscriptionId: SUB,
      endpoint: azure.url,
      staticToken: "someone-else",
      retryOptions: { maxRetries: 0 },
    });
    // Someone else writes to the NSG while ajar's write is in flight: ajar's operation ends Canceled.
    azure.onNextWrite(VM_NSG, () => {
      setTimeout(() => {
        void other.network.securityRules
          .beginCreateOrUpdate("rg-prod", "nsg-vm-prod-1", "Other-Writer", {
            priority: 170,
            direction: "Inbound",
            access: "Allow",
            protocol: "Tcp",
            sourceAddressPrefix: "192.0.2.0/24",
            sourcePortRange: "*",
            destinationAddressPrefix: "*",
            destinationPortRange: "8443",
          })
          .catch(() => undefined);
      }, 50);
    });
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 1h");
    await waitForStatus(e2e, grantId!, "active", 15_000);
    // ajar's first write ended Canceled; it read the NSG again and wrote what it still wanted.
    expect(azure.writeLog().some((w) => w.operationStatus === "Canceled" && w.ruleName?.startsWith("ajar-g-"))).toBe(
      true,
    );
    await until("operations to settle", () => azure.operationsInProgress().length === 0, 5000);
    expect(allowRules(e2e, VM_NSG)).toHaveLength(1);
    expect(lockdownRule(e2e, VM_NSG, "vm-prod-1")).toBeDefined();
  });

  it("sweeps the other subscriptions when one answers 403 to the NSG listing, and shows the failure in /metrics", async () => {
    e2e = await startEstate(estateConfig(), {});
    const { azure, runtime } = e2e.stack;
    await waitForLockdown(e2e, VM_NSG, "vm-prod-1");
    // A leftover ajar rule with no grant behind it, in the readable subscription.
    azure.adminPutRule(VM_NSG, {
      name: "ajar-g-zzzzzzzzzz-p22",
      priority: 900,
      direction: "Inbound",
      access: "Allow",
      protocol: "Tcp",
      sourceAddressPrefix: "203.0.113.66",
      destinationPortRange: "22",
    });
    azure.setFaultRate({
      rate: 1,
      status: 403,
      code: "AuthorizationFailed",
      match: { method: "GET", path: `/subscriptions/${SUB2}/providers/Microsoft.Network/networkSecurityGroups` },
    });
    const report = await sweep(runtime.deps);
    expect(report.errors.join("\n")).toContain(SUB2);
    expect(report.reconciles.map((n) => n.toLowerCase())).toContain(VM_NSG.toLowerCase());
    await until(
      "the leftover rule to go",
      () => !azure.getRules(VM_NSG).some((r) => r.name === "ajar-g-zzzzzzzzzz-p22"),
    );
    expect(await runtime.metrics.render()).toMatch(
      new RegExp(`ajar_sweep_subscription_failures_total\\{subscription="${SUB2}"\\} [1-9]`),
    );
    expect(azure.getRules(STAGE_NSG).some((r) => r.name.startsWith("ajar-"))).toBe(true);
    // ajar doctor names the subscription it cannot read.
    const doctor = await checkAzure(
      runtime.deps.settings,
      sdkAzureProbe(createAzurePorts({ endpoint: azure.url, staticToken: "doctor" })),
    );
    expect(doctor.find((r) => r.name === `azure read network /subscriptions/${SUB2}`)).toMatchObject({ ok: false });
    expect(doctor.find((r) => r.name === `azure read network /subscriptions/${SUB}`)).toMatchObject({ ok: true });
  });
});
