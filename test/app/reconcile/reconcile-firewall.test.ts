import { afterEach, describe, expect, it } from "vitest";

import { ArmClientCache } from "../../../src/adapters/azure/arm-clients.js";
import { AzureFirewallAccess } from "../../../src/adapters/azure/azure-firewall-access.js";
import { silentLogger } from "../../../src/app/ports/logger.port.js";
import { reconcileFirewall, type ReconcileFirewallDeps } from "../../../src/app/reconcile/reconcile-firewall.js";
import type { FirewallTarget } from "../../../src/domain/firewall/firewall-target.js";
import type { FirewallGrant } from "../../../src/domain/firewall/plan-dnat.js";
import type { FirewallAccess } from "../../../src/domain/ports/firewall-access.port.js";
import type { AzureSimulator } from "../../../src/simulators/azure/index.js";
import {
  CLASSIC_IP,
  FW_CLASSIC,
  PIP_POLICY,
  POLICY,
  POLICY_IP,
  startFirewallSimulator,
  webNatCollection,
} from "../../simulators/azure/support/firewall-fixture.js";
import { armFetch, errorOf, NSG_NIC, RG_ID, TOKEN } from "../../simulators/azure/support/sim-fixture.js";

let sim: AzureSimulator;
afterEach(async () => sim?.close());

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
const grantId = (n: number): string =>
  `g-${Array.from({ length: 10 }, (_, i) => ALPHABET[Math.floor(n / 32 ** (9 - i)) % 32]).join("")}`;

const grant = (n: number, extra: Partial<FirewallGrant> = {}): FirewallGrant => ({
  grantId: grantId(n),
  source: `203.0.113.${n + 1}`,
  requester: "alice",
  vmPrivateIp: "10.0.1.4",
  vmPort: 22,
  protocol: "Tcp",
  endsAt: new Date("2026-12-01T10:00:00Z"),
  ...extra,
});

const classic: FirewallTarget = {
  id: FW_CLASSIC,
  publicIp: CLASSIC_IP,
  portRange: { from: 50000, to: 50999 },
  priority: 150,
};
const policy: FirewallTarget = {
  id: POLICY,
  publicIp: PIP_POLICY,
  portRange: { from: 50000, to: 50999 },
  priority: 150,
};

function realAccess(s: AzureSimulator): FirewallAccess {
  const cache = new ArmClientCache({ endpoint: s.url, staticToken: TOKEN, retryOptions: { maxRetries: 0 } });
  return new AzureFirewallAccess({ clients: (id) => cache.forSubscription(id), pollIntervalMs: 10 });
}

function depsFor(firewalls: FirewallAccess, waits: number[] = []): ReconcileFirewallDeps {
  const sleep = async (ms: number) => {
    waits.push(ms);
    await new Promise((r) => setTimeout(r, Math.min(ms, 50)));
  };
  return { firewalls, logger: silentLogger, sleep };
}

/** The real adapter, with something happening between ajar's read and its write (an administrator's edit). */
function withBetweenReadAndWrite(inner: FirewallAccess, between: () => Promise<void> | void): FirewallAccess {
  let done = false;
  return {
    read: (id, signal) => inner.read(id, signal),
    write: async (snapshot, owned, signal) => {
      if (!done) {
        done = true;
        await between();
      }
      return inner.write(snapshot, owned, signal);
    },
  };
}

const nsgAllowFromFirewall = {
  name: "allow-fw",
  priority: 800,
  direction: "Inbound" as const,
  access: "Allow" as const,
  protocol: "Tcp",
  sourceAddressPrefix: "10.0.255.0/26",
  destinationAddressPrefix: "10.0.1.4",
  destinationPortRange: "22",
};
/** The firewall as an administrator saves it in the portal: the operator's collection only. */
const portalSave = JSON.stringify({
  location: "westeurope",
  properties: {
    ipConfigurations: [
      {
        name: "c",
        properties: {
          subnet: { id: `${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet-prod/subnets/AzureFirewallSubnet` },
          publicIPAddress: { id: `${RG_ID}/providers/Microsoft.Network/publicIPAddresses/pip-fw-classic` },
        },
      },
    ],
    natRuleCollections: [webNatCollection],
  },
});
const lockdown = {
  name: "lockdown",
  priority: 1000,
  direction: "Inbound" as const,
  access: "Deny" as const,
  protocol: "*",
  destinationAddressPrefix: "10.0.1.4",
  destinationPortRange: "22",
};

describe("reconcileFirewall, classic rules", () => {
  it("puts 50 grants on the firewall in one write, each reachable from its own address only", async () => {
    sim = await startFirewallSimulator({ firewall: { operationDelayMs: 200 } });
    sim.adminPutRule(NSG_NIC, lockdown);
    sim.adminPutRule(NSG_NIC, nsgAllowFromFirewall);
    const grants = Array.from({ length: 50 }, (_, n) => grant(n));
    const result = await reconcileFirewall(depsFor(realAccess(sim)), classic, grants);
    expect(result).toMatchObject({
      writes: 1,
      attempts: 1,
      publicIp: CLASSIC_IP,
      refused: [],
      removed: [],
      privateRanges: ["10.0.255.0/26"],
    });
    expect(sim.firewalls.operations()).toHaveLength(1);
    expect([...result.ports.values()].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, n) => 50000 + n));
    for (const g of [grants[0]!, grants[49]!]) {
      const port = result.ports.get(g.grantId)!;
      expect(sim.firewalls.reach(g.source, CLASSIC_IP, port).reachable).toBe(true);
      expect(sim.firewalls.reach("198.51.100.1", CLASSIC_IP, port).reachable).toBe(false);
    }
    expect(sim.firewalls.reach(grants[1]!.source, CLASSIC_IP, result.ports.get(grants[0]!.grantId)!).reachable).toBe(
      false,
    );
    // A second pass with nothing new writes nothing.
    expect((await reconcileFirewall(depsFor(realAccess(sim)), classic, grants)).writes).toBe(0);
    expect(sim.firewalls.operations()).toHaveLength(1);
  });

  it("keeps a grant's port across passes and removes ended grants' entries in the same write as new ones", async () => {
    sim = await startFirewallSimulator();
    const first = await reconcileFirewall(depsFor(realAccess(sim)), classic, [grant(0), grant(1), grant(2)]);
    const second = await reconcileFirewall(depsFor(realAccess(sim)), classic, [grant(2), grant(3)]);
    expect(second.ports.get(grantId(2))).toBe(first.ports.get(grantId(2)));
    expect(second.removed.sort()).toEqual([grantId(0), grantId(1)].sort());
    expect(second.writes).toBe(1);
    expect(
      sim.firewalls
        .dnatRules(FW_CLASSIC)
        .filter((r) => r.collection === "ajar-jit")
        .map((r) => r.name)
        .sort(),
    ).toEqual([`ajar-${grantId(2)}`, `ajar-${grantId(3)}`].sort());
    // No grants left: ajar's collection goes, the operator's stays.
    await reconcileFirewall(depsFor(realAccess(sim)), classic, []);
    expect(sim.firewalls.dnatRules(FW_CLASSIC).map((r) => r.collection)).toEqual(["web-publish"]);
  });

  it("keeps an administrator's collection added between ajar's read and write: 412, read again, one more write", async () => {
    sim = await startFirewallSimulator();
    const access = withBetweenReadAndWrite(realAccess(sim), () =>
      sim.firewalls.adminPutNatCollection(FW_CLASSIC, {
        name: "admin-rdp",
        properties: {
          priority: 300,
          action: { type: "Dnat" },
          rules: [
            {
              ...webNatCollection.properties.rules[0],
              name: "rdp",
              destinationPorts: ["50000"],
              translatedPort: "3389",
            },
          ],
        },
      }),
    );
    const result = await reconcileFirewall(depsFor(access), classic, [grant(0)]);
    expect(result).toMatchObject({ writes: 1, attempts: 2 });
    expect(
      sim
        .writeLog()
        .filter((w) => w.method === "PUT")
        .map((w) => w.status),
    ).toEqual([412, 200]);
    expect(
      sim.firewalls
        .dnatRules(FW_CLASSIC)
        .map((r) => r.collection)
        .sort(),
    ).toEqual(["admin-rdp", "ajar-jit", "web-publish"]);
    // The administrator's rule took 50000 meanwhile: the grant got the next port.
    expect(result.ports.get(grantId(0))).toBe(50001);
  });

  it("retries a failed firewall operation from a fresh read", async () => {
    sim = await startFirewallSimulator();
    sim.firewalls.failNextOperation({ code: "InternalServerError", message: "Firewall update failed." });
    const result = await reconcileFirewall(depsFor(realAccess(sim)), classic, [grant(0)]);
    expect(result).toMatchObject({ writes: 1, attempts: 2 });
    expect(sim.firewalls.operations().map((o) => o.status)).toEqual(["Failed", "Succeeded"]);
    expect(sim.firewalls.dnatRules(FW_CLASSIC).map((r) => r.collection)).toContain("ajar-jit");
  });

  it("gives up with a retryable error when every operation fails, leaving no entry enforced", async () => {
    sim = await startFirewallSimulator();
    sim.firewalls.failNextOperation({ count: 10 });
    const error = await errorOf(
      reconcileFirewall({ ...depsFor(realAccess(sim)), maxFailures: 2 }, classic, [grant(0)]),
    );
    expect(error).toMatchObject({ code: "CLOUD.TRANSIENT", retryable: true });
    expect(sim.firewalls.operations().map((o) => o.status)).toEqual(["Failed", "Failed", "Failed"]);
    expect(sim.firewalls.dnatRules(FW_CLASSIC).map((r) => r.collection)).toEqual(["web-publish"]);
  });

  it("re-plans when its operation is cancelled and superseded by someone else's write", async () => {
    sim = await startFirewallSimulator({ firewall: { operationDelayMs: 300, conflictMode: "supersede" } });
    const access = realAccess(sim);
    let superseded = false;
    const wrapped: FirewallAccess = {
      read: (id, s) => access.read(id, s),
      write: async (snapshot, owned, s) => {
        const pending = access.write(snapshot, owned, s);
        if (!superseded) {
          superseded = true;
          while (sim.firewalls.operations().length === 0) await new Promise((r) => setTimeout(r, 5));
          // Someone saves the firewall in the portal from a view taken before ajar's write.
          const res = await armFetch(sim, FW_CLASSIC, { method: "PUT", body: portalSave });
          expect(res.status).toBe(200);
        }
        return pending;
      },
    };
    const result = await reconcileFirewall(depsFor(wrapped), classic, [grant(0)]);
    expect(result.writes).toBe(1);
    // ajar's first write is superseded by the portal save; ajar's second write (planned from the
    // portal's configuration) supersedes that in turn, and carries the operator's collection too.
    expect(sim.firewalls.operations().map((o) => o.status)).toEqual(["Canceled", "Canceled", "Succeeded"]);
    expect(sim.firewalls.dnatRules(FW_CLASSIC).map((r) => r.collection)).toEqual(["web-publish", "ajar-jit"]);
  });

  it("waits Retry-After while another operation holds the firewall", async () => {
    sim = await startFirewallSimulator({ firewall: { operationDelayMs: 400 } });
    const access = realAccess(sim);
    const waits: number[] = [];
    const busyFirst = withBetweenReadAndWrite(access, async () => {
      await armFetch(sim, FW_CLASSIC, { method: "PUT", body: portalSave });
    });
    const deps: ReconcileFirewallDeps = {
      firewalls: busyFirst,
      logger: silentLogger,
      sleep: async (ms) => {
        waits.push(ms);
        await new Promise((r) => setTimeout(r, 450));
      },
    };
    const result = await reconcileFirewall(deps, classic, [grant(0)]);
    expect(waits).toEqual([1000]);
    expect(result.writes).toBe(1);
    expect(sim.firewalls.dnatRules(FW_CLASSIC).map((r) => r.collection)).toEqual(["web-publish", "ajar-jit"]);
  });

  it("refuses a public IP the firewall does not have", async () => {
    sim = await startFirewallSimulator();
    expect(
      await errorOf(reconcileFirewall(depsFor(realAccess(sim)), { ...classic, publicIp: "20.9.9.9" }, [grant(0)])),
    ).toMatchObject({ code: "CONFIG.INVALID", message: expect.stringContaining("20.1.2.3") });
  });
});

describe("reconcileFirewall, Firewall Policy", () => {
  it("writes ajar's group alone, leaves a group an administrator adds meanwhile, and the grant becomes reachable", async () => {
    sim = await startFirewallSimulator();
    sim.adminPutRule(NSG_NIC, lockdown);
    sim.adminPutRule(NSG_NIC, { ...nsgAllowFromFirewall, sourceAddressPrefix: "10.1.0.0/26" });
    const access = withBetweenReadAndWrite(realAccess(sim), () =>
      sim.firewalls.adminPutRuleCollectionGroup(POLICY, "operators", { priority: 300, ruleCollections: [] }),
    );
    const result = await reconcileFirewall(depsFor(access), policy, [grant(0), grant(1)]);
    expect(result).toMatchObject({ writes: 1, attempts: 1, publicIp: POLICY_IP, privateRanges: ["10.1.0.0/26"] });
    expect(sim.firewalls.dnatRules(POLICY).map((r) => r.group)).toEqual([
      "DefaultDnatRuleCollectionGroup",
      "ajar-jit",
      "ajar-jit",
    ]);
    expect(sim.firewalls.reach(grant(0).source, POLICY_IP, result.ports.get(grantId(0))!).reachable).toBe(true);
    expect(sim.firewalls.reach(grant(1).source, POLICY_IP, result.ports.get(grantId(0))!).reachable).toBe(false);
    await reconcileFirewall(depsFor(realAccess(sim)), policy, []);
    expect(sim.firewalls.reach(grant(0).source, POLICY_IP, result.ports.get(grantId(0))!).reachable).toBe(false);
    expect(sim.firewalls.dnatRules(POLICY).map((r) => r.group)).toEqual(["DefaultDnatRuleCollectionGroup"]);
  });
});
