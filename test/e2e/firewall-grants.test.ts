import { fileURLToPath } from "node:url";

import { afterEach, describe, expect, it } from "vitest";

import { sweep } from "../../src/app/jobs/sweep.js";
import {
  dmsTo,
  e2eConfig,
  jit,
  NIC_NSG,
  startE2E,
  SUB,
  SUBNET_NSG,
  until,
  waitForLockdown,
  waitForStatus,
  type E2E,
} from "../support/e2e.js";

const SEED = fileURLToPath(new URL("./fixtures/firewall-seed.yaml", import.meta.url));
const RG = `/subscriptions/${SUB}/resourceGroups/rg-prod/providers/Microsoft.Network`;
const FW_CLASSIC = `${RG}/azureFirewalls/fw-classic`;
const POLICY = `${RG}/firewallPolicies/fwpol-prod`;

/** vm-prod-1 behind the classic firewall, vm-prod-2 behind the Firewall Policy; no approval, so the command alone opens. */
const firewallConfig = () =>
  e2eConfig({
    policies: [
      {
        name: "behind-firewalls",
        vms: [
          { subscriptionId: SUB, resourceGroup: "rg-prod", namePattern: "vm-prod-1" },
          {
            subscriptionId: SUB,
            resourceGroup: "rg-prod",
            namePattern: "vm-prod-2",
            firewall: { id: POLICY, publicIp: `${RG}/publicIPAddresses/pip-fw-policy`, portRange: "51000-51009" },
          },
        ],
        ports: [{ port: 22, name: "ssh" }],
        duration: { min: "1s", default: "30m", max: "3h" },
        allowedSources: ["203.0.113.0/24"],
        approval: { mode: "none" },
        firewall: { id: FW_CLASSIC, publicIp: "20.1.2.3", portRange: "50000-50009" },
      },
    ],
  });

const ajarAllows = (e2e: E2E, nsgId: string) =>
  e2e.stack.azure.getRules(nsgId).filter((r) => r.access === "Allow" && r.name.startsWith("ajar-g-"));
const sourcesOf = (rule: { sourceAddressPrefix?: string; sourceAddressPrefixes?: string[] }) =>
  [rule.sourceAddressPrefix, ...(rule.sourceAddressPrefixes ?? [])].filter(Boolean);

describe("grants through an Azure Firewall, end to end", () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it.each([
    ["classic rules", "vm-prod-1", "20.1.2.3", 50000, "10.0.255.0/26", FW_CLASSIC, [NIC_NSG, SUBNET_NSG]],
    ["a Firewall Policy", "vm-prod-2", "20.1.2.4", 51000, "10.1.0.0/26", POLICY, [SUBNET_NSG]],
  ])(
    "behind %s: reachable for the requester's address only, told where to connect, closed at the end",
    async (_what, vm, publicIp, firstPort, firewallRange, firewallId, nsgs) => {
      e2e = await startE2E(firewallConfig(), {
        azure: { seedPath: SEED, operationDelayMs: 20, firewall: { operationDelayMs: 150 } },
      });
      const { stack } = e2e;
      const sim = stack.azure;
      await waitForLockdown(e2e, nsgs[nsgs.length - 1]!, vm);

      const { grantId } = await jit(e2e, "U0ALICE01", `ssh ${vm} 4s from 203.0.113.7 because patch`);
      const active = await waitForStatus(e2e, grantId!, "active", 15_000);
      expect(active.firewall).toEqual({ id: firewallId, publicIp, privateRange: firewallRange, port: firstPort });

      // The DNAT entry lets the requester in, and nobody else; the NSG rules admit the firewall's subnet, never the requester.
      expect(sim.firewalls.reach("203.0.113.7", publicIp, firstPort)).toMatchObject({
        reachable: true,
        dnat: { translatedPort: 22 },
      });
      expect(sim.firewalls.reach("203.0.113.8", publicIp, firstPort).reachable).toBe(false);
      for (const nsg of nsgs) {
        const [rule] = ajarAllows(e2e, nsg);
        expect(sourcesOf(rule!)).toEqual([firewallRange]);
      }
      // The window started when both the firewall and the NSG writes had landed.
      const lastLanding = Math.max(...active.rules.map((r) => Date.parse(r.liveAt!)));
      expect(Date.parse(active.openedAt!)).toBe(lastLanding);
      expect(active.rules.map((r) => r.nsgId)).toContain(firewallId);

      // The requester is told where to connect, in the DM and on the App Home.
      await until("the opened DM", () =>
        dmsTo(e2e!, "U0ALICE01").find((t) => t.includes(`ssh -p ${firstPort} user@${publicIp}`)),
      );
      await until("the App Home to show the connect line", () =>
        JSON.stringify(stack.slack.homeView("U0ALICE01")?.blocks ?? []).includes(`ssh -p ${firstPort}`),
      );

      // Operators' DNAT rules were never touched.
      expect(sim.firewalls.dnatRules(firewallId).map((r) => r.name)).toContain("https");

      const closed = await waitForStatus(e2e, grantId!, "closed", 20_000);
      expect(closed.closeReason).toBe("expired");
      expect(sim.firewalls.reach("203.0.113.7", publicIp, firstPort).reachable).toBe(false);
      expect(sim.firewalls.dnatRules(firewallId).map((r) => r.name)).toEqual(["https"]);
      for (const nsg of nsgs) expect(ajarAllows(e2e, nsg)).toEqual([]);
    },
  );

  it("keeps an administrator's DNAT collection added between ajar's read and write, and the grant still opens and closes", async () => {
    e2e = await startE2E(firewallConfig(), {
      azure: { seedPath: SEED, operationDelayMs: 20, firewall: { operationDelayMs: 50 } },
    });
    const sim = e2e.stack.azure;
    await waitForLockdown(e2e, NIC_NSG, "vm-prod-1");
    const adminRule = {
      name: "rdp",
      protocols: ["TCP"],
      sourceAddresses: ["198.51.100.0/24"],
      destinationAddresses: ["20.1.2.3"],
      destinationPorts: ["3390"],
      translatedAddress: "10.0.1.6",
      translatedPort: "3389",
    };
    sim.firewalls.onNextWrite(() =>
      sim.firewalls.adminPutNatCollection(FW_CLASSIC, {
        name: "admin-added",
        properties: { priority: 300, action: { type: "Dnat" }, rules: [adminRule] },
      }),
    );
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 3s from 203.0.113.7 because patch");
    await waitForStatus(e2e, grantId!, "active", 15_000);
    const firewallPuts = () =>
      sim.writeLog().filter((w) => w.method === "PUT" && w.path.toLowerCase().startsWith(FW_CLASSIC.toLowerCase()));
    expect(firewallPuts().map((w) => w.status)).toEqual([412, 200]);
    expect(
      sim.firewalls
        .dnatRules(FW_CLASSIC)
        .map((r) => r.collection)
        .sort(),
    ).toEqual(["admin-added", "ajar-jit", "web-publish"]);
    await waitForStatus(e2e, grantId!, "closed", 15_000);
    expect(
      sim.firewalls
        .dnatRules(FW_CLASSIC)
        .map((r) => r.collection)
        .sort(),
    ).toEqual(["admin-added", "web-publish"]);
    expect(sim.firewalls.reach("198.51.100.9", "20.1.2.3", 3390).dnat?.rule).toBe("rdp");
  });

  it("behind a Firewall Policy, a group an administrator adds between ajar's read and write stays, and ajar's group alone is written", async () => {
    e2e = await startE2E(firewallConfig(), {
      azure: { seedPath: SEED, operationDelayMs: 20, firewall: { operationDelayMs: 50 } },
    });
    const sim = e2e.stack.azure;
    await waitForLockdown(e2e, SUBNET_NSG, "vm-prod-2");
    sim.firewalls.onNextWrite(() =>
      sim.firewalls.adminPutRuleCollectionGroup(POLICY, "operators", { priority: 300, ruleCollections: [] }),
    );
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-2 3s from 203.0.113.7 because patch");
    await waitForStatus(e2e, grantId!, "active", 15_000);
    const groupPuts = sim
      .writeLog()
      .filter((w) => w.method === "PUT" && /\/firewallPolicies\/fwpol-prod\/ruleCollectionGroups\//i.test(w.path));
    expect(groupPuts.map((w) => [w.path.split("/").pop()?.split("?")[0], w.status])).toEqual([["ajar-jit", 201]]);
    await waitForStatus(e2e, grantId!, "closed", 15_000);
    const groups = await fetch(`${sim.url}${POLICY}/ruleCollectionGroups?api-version=2024-05-01`, {
      headers: { Authorization: "Bearer t" },
    });
    expect(((await groups.json()) as { value: { name: string }[] }).value.map((g) => g.name)).toEqual([
      "DefaultDnatRuleCollectionGroup",
      "operators",
      "ajar-jit",
    ]);
  });

  it("the sweep removes a DNAT entry ajar left on a firewall for a grant Redis does not know", async () => {
    e2e = await startE2E(firewallConfig(), {
      azure: { seedPath: SEED, operationDelayMs: 20, firewall: { operationDelayMs: 20 } },
    });
    const sim = e2e.stack.azure;
    const orphan = {
      name: "ajar-g-aaaaaaaaaa",
      description: "ajar JIT g-aaaaaaaaaa until 2099-01-01T00:00:00Z for someone",
      protocols: ["TCP"],
      sourceAddresses: ["198.51.100.7"],
      destinationAddresses: ["20.1.2.3"],
      destinationPorts: ["50005"],
      translatedAddress: "10.0.1.4",
      translatedPort: "22",
    };
    sim.firewalls.adminPutNatCollection(FW_CLASSIC, {
      name: "ajar-jit",
      properties: { priority: 150, action: { type: "Dnat" }, rules: [orphan] },
    });
    expect(sim.firewalls.reach("198.51.100.7", "20.1.2.3", 50005).dnat?.rule).toBe("ajar-g-aaaaaaaaaa");
    const report = await sweep(e2e.stack.runtime.deps);
    expect(report.reconciles).toContain(FW_CLASSIC);
    await until(
      "the orphaned DNAT entry to go",
      () => sim.firewalls.dnatRules(FW_CLASSIC).every((r) => r.collection !== "ajar-jit"),
      15_000,
    );
    expect(sim.firewalls.dnatRules(FW_CLASSIC).map((r) => r.name)).toEqual(["https"]);
  });

  it("a grant whose firewall write keeps failing is reported failed and leaves nothing open", async () => {
    e2e = await startE2E(firewallConfig(), {
      azure: { seedPath: SEED, operationDelayMs: 20, firewall: { operationDelayMs: 20 } },
    });
    const sim = e2e.stack.azure;
    await waitForLockdown(e2e, NIC_NSG, "vm-prod-1");
    sim.firewalls.failNextOperation({
      code: "InternalServerError",
      message: "The firewall update failed.",
      count: 100,
    });
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 30m from 203.0.113.7 because patch");
    const failed = await waitForStatus(e2e, grantId!, "failed", 20_000);
    expect(failed.failure).toMatch(/fw-classic did not take its DNAT rule/);
    await until(
      "the NSG rules to be removed",
      () => ajarAllows(e2e!, NIC_NSG).length === 0 && ajarAllows(e2e!, SUBNET_NSG).length === 0,
    );
    expect(sim.firewalls.reach("203.0.113.7", "20.1.2.3", 50000).reachable).toBe(false);
    await until("the failure DM", () => dmsTo(e2e!, "U0ALICE01").find((t) => /could not be opened/.test(t)));
  });
});
