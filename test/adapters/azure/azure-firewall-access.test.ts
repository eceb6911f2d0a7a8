import { afterEach, describe, expect, it } from "vitest";

import { ArmClientCache } from "../../../src/adapters/azure/arm-clients.js";
import { AzureFirewallAccess } from "../../../src/adapters/azure/azure-firewall-access.js";
import type { AjarDnatRule } from "../../../src/domain/ports/firewall-access.port.js";
import type { AzureSimulator } from "../../../src/simulators/azure/index.js";
import {
  CLASSIC_IP,
  FW_CLASSIC,
  FW_POLICY,
  PIP_CLASSIC,
  PIP_POLICY,
  POLICY,
  POLICY_IP,
  startFirewallSimulator,
  webNatCollection,
} from "../../simulators/azure/support/firewall-fixture.js";
import { armFetch, errorOf, TOKEN } from "../../simulators/azure/support/sim-fixture.js";

let sim: AzureSimulator;
afterEach(async () => sim?.close());

const accessFor = (s: AzureSimulator) => {
  const cache = new ArmClientCache({ endpoint: s.url, staticToken: TOKEN, retryOptions: { maxRetries: 0 } });
  return new AzureFirewallAccess({ clients: (id) => cache.forSubscription(id), pollIntervalMs: 10 });
};

const rule = (n: number, address = CLASSIC_IP): AjarDnatRule => ({
  name: `ajar-g-${n}`,
  description: `ajar JIT g-${n}`,
  sourceAddresses: ["203.0.113.7"],
  destinationAddress: address,
  destinationPort: 50000 + n,
  translatedAddress: "10.0.1.4",
  translatedPort: 22,
  protocols: ["TCP"],
});

describe("AzureFirewallAccess, classic rules", () => {
  it("reads ajar's collection apart from everyone else's, with the etag, public IPs and AzureFirewallSubnet", async () => {
    sim = await startFirewallSimulator();
    const snap = await accessFor(sim).read(FW_CLASSIC);
    expect(snap).toMatchObject({
      id: FW_CLASSIC,
      model: "classic",
      etag: sim.firewalls.etag(FW_CLASSIC),
      owned: undefined,
      takenPriorities: [200],
      publicIps: [{ id: PIP_CLASSIC, address: CLASSIC_IP }],
      privateRanges: ["10.0.255.0/26"],
    });
    expect(snap.foreignRules).toEqual([
      expect.objectContaining({
        collection: "web-publish",
        name: "https",
        destinationPorts: ["443"],
        translatedAddress: "10.0.1.5",
      }),
    ]);
  });

  it("writes ajar's collection with one whole-firewall PUT and leaves the others as they were", async () => {
    sim = await startFirewallSimulator();
    const access = accessFor(sim);
    const snap = await access.read(FW_CLASSIC);
    expect(await access.write(snap, { priority: 150, rules: [rule(1), rule(2)] })).toEqual({ kind: "applied" });
    const after = await access.read(FW_CLASSIC);
    expect(after.owned).toEqual({ priority: 150, rules: [rule(1), rule(2)] });
    expect(sim.firewalls.dnatRules(FW_CLASSIC).map((r) => `${r.collection}/${r.name}`)).toEqual([
      "web-publish/https",
      "ajar-jit/ajar-g-1",
      "ajar-jit/ajar-g-2",
    ]);
    expect(sim.writeLog().filter((w) => w.method === "PUT")).toHaveLength(1);
    // Removing ajar's last rule removes its collection.
    expect(await access.write(after, undefined)).toEqual({ kind: "applied" });
    expect(sim.firewalls.dnatRules(FW_CLASSIC).map((r) => r.collection)).toEqual(["web-publish"]);
  });

  it("reports stale when an administrator changed the firewall between ajar's read and write, and keeps the administrator's change", async () => {
    sim = await startFirewallSimulator();
    const access = accessFor(sim);
    const snap = await access.read(FW_CLASSIC);
    sim.firewalls.adminPutNatCollection(FW_CLASSIC, {
      name: "admin-added",
      properties: {
        priority: 300,
        action: { type: "Dnat" },
        rules: [
          { ...webNatCollection.properties.rules[0], name: "rdp", destinationPorts: ["3390"], translatedPort: "3389" },
        ],
      },
    });
    expect(await access.write(snap, { priority: 150, rules: [rule(1)] })).toEqual({
      kind: "stale",
      reason: "precondition-failed",
    });
    expect(sim.firewalls.dnatRules(FW_CLASSIC).map((r) => r.collection)).toEqual(["web-publish", "admin-added"]);
  });

  it("reports busy with ARM's Retry-After while another operation runs", async () => {
    sim = await startFirewallSimulator({ firewall: { operationDelayMs: 5_000 } });
    const access = accessFor(sim);
    const snap = await access.read(FW_CLASSIC);
    const stop = new AbortController();
    const first = access.write(snap, { priority: 150, rules: [rule(1)] }, stop.signal).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    const again = await access.read(FW_CLASSIC);
    expect(again.provisioningState).toBe("Updating");
    expect(await access.write(again, { priority: 150, rules: [rule(2)] })).toEqual({
      kind: "busy",
      retryAfterMs: 5_000,
    });
    stop.abort();
    expect(await first).toBeInstanceOf(Error);
  });

  it("reports stale when a later write superseded ajar's, and throws a retryable error when the operation failed", async () => {
    sim = await startFirewallSimulator({ firewall: { operationDelayMs: 300, conflictMode: "supersede" } });
    const access = accessFor(sim);
    const snap = await access.read(FW_CLASSIC);
    const pending = access.write(snap, { priority: 150, rules: [rule(1)] });
    await new Promise((r) => setTimeout(r, 50));
    const admin = await access.read(FW_CLASSIC);
    await access.write(admin, undefined);
    expect(await pending).toEqual({ kind: "stale", reason: "superseded" });
    sim.firewalls.updateSettings({ operationDelayMs: 0 });
    sim.firewalls.failNextOperation({ code: "InternalServerError", message: "The firewall update failed." });
    const error = await errorOf(access.write(await access.read(FW_CLASSIC), { priority: 150, rules: [rule(1)] }));
    expect(error).toMatchObject({ code: "CLOUD.TRANSIENT", retryable: true });
    expect(error.message).toMatch(/firewall update failed/);
  });

  it("refuses a firewall managed by a policy: its policy's id must be configured instead", async () => {
    sim = await startFirewallSimulator();
    expect(await errorOf(accessFor(sim).read(FW_POLICY))).toMatchObject({
      code: "CONFIG.INVALID",
      message: expect.stringContaining(POLICY),
    });
  });
});

describe("AzureFirewallAccess, Firewall Policy", () => {
  it("creates ajar's group with If-None-Match, then replaces it alone under If-Match", async () => {
    sim = await startFirewallSimulator();
    const access = accessFor(sim);
    const first = await access.read(POLICY);
    expect(first).toMatchObject({
      model: "policy",
      etag: undefined,
      owned: undefined,
      takenPriorities: [100],
      publicIps: [{ id: PIP_POLICY, address: POLICY_IP }],
      privateRanges: ["10.1.0.0/26"],
    });
    expect(first.foreignRules.map((r) => `${r.group}/${r.collection}/${r.name}`)).toEqual([
      "DefaultDnatRuleCollectionGroup/web-publish/https",
    ]);
    expect(await access.write(first, { priority: 150, rules: [rule(1, POLICY_IP)] })).toEqual({ kind: "applied" });
    const second = await access.read(POLICY);
    expect(second.owned).toEqual({ priority: 150, rules: [rule(1, POLICY_IP)] });
    expect(second.etag).toBe(sim.firewalls.etag(`${POLICY}/ruleCollectionGroups/ajar-jit`));
    // A second writer that read before the first wrote creates nothing: the group exists now.
    expect(await access.write(first, { priority: 150, rules: [rule(2, POLICY_IP)] })).toEqual({
      kind: "stale",
      reason: "precondition-failed",
    });
    expect(await access.write(second, undefined)).toEqual({ kind: "applied" });
    expect(sim.firewalls.dnatRules(POLICY).map((r) => r.group)).toEqual(["DefaultDnatRuleCollectionGroup"]);
    expect((await access.read(POLICY)).owned).toEqual({ priority: 150, rules: [] });
  });

  it("leaves a group an administrator adds between ajar's read and write untouched", async () => {
    sim = await startFirewallSimulator();
    const access = accessFor(sim);
    const snap = await access.read(POLICY);
    sim.firewalls.adminPutRuleCollectionGroup(POLICY, "operators", { priority: 300, ruleCollections: [] });
    expect(await access.write(snap, { priority: 150, rules: [rule(1, POLICY_IP)] })).toEqual({ kind: "applied" });
    const groups = await armFetch(sim, `${POLICY}/ruleCollectionGroups`);
    expect(((await groups.json()) as { value: { name: string }[] }).value.map((g) => g.name)).toEqual([
      "DefaultDnatRuleCollectionGroup",
      "operators",
      "ajar-jit",
    ]);
  });
});
