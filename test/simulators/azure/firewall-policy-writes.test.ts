import { afterEach, describe, expect, it } from "vitest";

import type { AzureSimulator } from "../../../src/simulators/azure/index.js";
import { POLICY, POLICY_IP, startFirewallSimulator, webPolicyCollection } from "./support/firewall-fixture.js";
import { armFetch, clientsFor, RG } from "./support/sim-fixture.js";

let sim: AzureSimulator;
afterEach(async () => sim?.close());

const GROUP = `${POLICY}/ruleCollectionGroups/ajar-jit`;

const natRule = (overrides: Record<string, unknown> = {}) => ({
  ruleType: "NatRule",
  name: "ajar-g1",
  ipProtocols: ["TCP"],
  sourceAddresses: ["203.0.113.7"],
  destinationAddresses: [POLICY_IP],
  destinationPorts: ["50000"],
  translatedAddress: "10.0.1.4",
  translatedPort: "22",
  ...overrides,
});

const groupBody = (rules: unknown[], priority = 150) => ({
  properties: {
    priority,
    ruleCollections: [
      {
        ruleCollectionType: "FirewallPolicyNatRuleCollection",
        name: "ajar-jit",
        priority: 100,
        action: { type: "DNAT" },
        rules,
      },
    ],
  },
});

async function put(body: unknown, headers: Record<string, string> = {}, path = GROUP) {
  const res = await armFetch(sim, path, { method: "PUT", body: JSON.stringify(body), headers });
  return { res, json: (await res.json()) as { etag?: string; error?: { code: string; message: string } } };
}

describe("Firewall Policy simulator: rule collection groups", () => {
  it("creates a group with If-None-Match: * and refuses a second create; other groups stay as they are", async () => {
    sim = await startFirewallSimulator();
    const created = await put(groupBody([natRule()]), { "If-None-Match": "*" });
    expect(created.res.status).toBe(201);
    expect((await put(groupBody([natRule()]), { "If-None-Match": "*" })).res.status).toBe(412);
    const rules = sim.firewalls.dnatRules(POLICY, "config").map((r) => `${r.group}/${r.collection}/${r.name}`);
    expect(rules).toEqual(["DefaultDnatRuleCollectionGroup/web-publish/https", "ajar-jit/ajar-jit/ajar-g1"]);
  });

  it("replaces one group under If-Match and answers 412 with the ARM error body on a stale etag", async () => {
    sim = await startFirewallSimulator();
    await put(groupBody([natRule()]));
    const etag = sim.firewalls.etag(GROUP);
    expect(
      (
        await put(groupBody([natRule(), natRule({ name: "ajar-g2", destinationPorts: ["50001"] })]), {
          "If-Match": etag,
        })
      ).res.status,
    ).toBe(200);
    const stale = await put(groupBody([]), { "If-Match": etag });
    expect(stale.res.status).toBe(412);
    expect(stale.json.error).toMatchObject({ code: "PreconditionFailed" });
    expect(
      sim.firewalls
        .dnatRules(POLICY, "config")
        .filter((r) => r.group === "ajar-jit")
        .map((r) => r.name),
    ).toEqual(["ajar-g1", "ajar-g2"]);
  });

  it("serializes group writes per policy: a write to another group while one runs is busy", async () => {
    let clock = 1_000_000;
    sim = await startFirewallSimulator({ firewall: { operationDelayMs: 30_000 }, now: () => clock });
    await put(groupBody([natRule()]));
    const other = await put(
      { properties: { priority: 300, ruleCollections: [] } },
      {},
      `${POLICY}/ruleCollectionGroups/operators`,
    );
    expect(other.res.status).toBe(409);
    expect(other.res.headers.get("retry-after")).toBe("30");
    clock += 30_000;
    expect(
      (
        await put(
          { properties: { priority: 300, ruleCollections: [] } },
          {},
          `${POLICY}/ruleCollectionGroups/operators`,
        )
      ).res.status,
    ).toBe(201);
  });

  it("goes through the real SDK, including a cancelled operation under supersede", async () => {
    sim = await startFirewallSimulator({ firewall: { operationDelayMs: 300, conflictMode: "supersede" } });
    const groups = clientsFor(sim).network.firewallPolicyRuleCollectionGroups;
    const done = await groups.beginCreateOrUpdateAndWait(
      RG,
      "fwpol-prod",
      "ajar-jit",
      {
        priority: 150,
        ruleCollections: [
          {
            ruleCollectionType: "FirewallPolicyNatRuleCollection",
            name: "ajar-jit",
            priority: 100,
            action: { type: "DNAT" },
            rules: [natRule() as never],
          },
        ],
      },
      { updateIntervalInMs: 10 },
    );
    expect(done.ruleCollections).toHaveLength(1);
    const poller = await groups.beginCreateOrUpdate(
      RG,
      "fwpol-prod",
      "ajar-jit",
      { priority: 150, ruleCollections: [] },
      { updateIntervalInMs: 10 },
    );
    await put(groupBody([natRule()]));
    await expect(poller.pollUntilDone()).rejects.toThrow(/canceled/i);
  });

  it.each([
    [
      "a filter rule in a NAT collection",
      [{ ...natRule(), ruleType: "NetworkRule" }],
      /only rules of ruleType 'NatRule'/,
    ],
    [
      "a destination that is not a firewall using the policy",
      [natRule({ destinationAddresses: ["20.1.2.3"] })],
      /not an address of this firewall/,
    ],
    ["UDP and ICMP", [natRule({ ipProtocols: ["UDP", "ICMP"] })], /protocol 'ICMP'/],
    ["two rules with one name", [natRule(), natRule({ destinationPorts: ["50001"] })], /two rules are named 'ajar-g1'/],
  ])("rejects %s", async (_what, rules, message) => {
    sim = await startFirewallSimulator();
    const { res, json } = await put(groupBody(rules));
    expect(res.status).toBe(400);
    expect(json.error!.message).toMatch(message);
  });

  it("rejects a group priority another group holds, and a bad action", async () => {
    sim = await startFirewallSimulator();
    expect((await put(groupBody([natRule()], 100))).json.error!.message).toMatch(/cannot both have priority 100/);
    expect(
      (
        await put({
          properties: { priority: 150, ruleCollections: [{ ...webPolicyCollection, action: { type: "Allow" } }] },
        })
      ).json.error!.message,
    ).toMatch(/takes action 'DNAT'/);
  });

  it("deletes a group as a long-running operation", async () => {
    sim = await startFirewallSimulator();
    await put(groupBody([natRule()]));
    await clientsFor(sim).network.firewallPolicyRuleCollectionGroups.beginDeleteAndWait(RG, "fwpol-prod", "ajar-jit", {
      updateIntervalInMs: 10,
    });
    expect(sim.firewalls.dnatRules(POLICY).map((r) => r.group)).toEqual(["DefaultDnatRuleCollectionGroup"]);
    expect((await armFetch(sim, GROUP, { method: "DELETE" })).status).toBe(204);
  });
});
