import type { NetworkSecurityGroup, SecurityRule } from "@azure/arm-network";
import { isRestError } from "@azure/core-rest-pipeline";
import { afterEach, describe, expect, it } from "vitest";

import type { AzureSimulator } from "../../../src/simulators/azure/index.js";
import {
  armFetch,
  clientsFor,
  errorOf,
  NSG_NIC,
  NSG_SUBNET,
  RG,
  sshRule,
  startDemoSimulator,
} from "./support/sim-fixture.js";

let sim: AzureSimulator;
afterEach(async () => sim?.close());

const POLL = { updateIntervalInMs: 10 };
const ifMatch = (etag: string | undefined) => ({
  ...POLL,
  requestOptions: { customHeaders: { "If-Match": etag ?? "" } },
});

/** What a reconciler does: the NSG as read, with its rule set replaced (read-only fields left as read). */
const withRules = (nsg: NetworkSecurityGroup, rules: SecurityRule[]): NetworkSecurityGroup => ({
  location: nsg.location,
  tags: nsg.tags,
  securityRules: rules,
});

describe("whole-NSG PUT through networkSecurityGroups.beginCreateOrUpdate", () => {
  it("replaces the custom rules in one operation: Updating, then Succeeded, a new etag, defaults untouched", async () => {
    sim = await startDemoSimulator({ operationDelayMs: 100 });
    const { network } = clientsFor(sim);
    const read = await network.networkSecurityGroups.get(RG, "nsg-snet-app");
    expect(read.etag).toMatch(/^W\/"/);
    const desired = [
      { name: "ajar-a", ...sshRule({ priority: 200 }) },
      { name: "ajar-b", ...sshRule({ priority: 201, sourceAddressPrefix: "203.0.113.8" }) },
    ];
    const poller = await network.networkSecurityGroups.beginCreateOrUpdate(
      RG,
      "nsg-snet-app",
      withRules(read, desired),
      ifMatch(read.etag),
    );
    expect(sim.getNsg(NSG_SUBNET)).toMatchObject({
      provisioningState: "Updating",
      rules: [{ name: "ajar-a", provisioningState: "Updating" }, { name: "ajar-b" }],
    });
    const done = await poller.pollUntilDone();

    expect(done.provisioningState).toBe("Succeeded");
    expect(done.securityRules?.map((r) => [r.name, r.priority, r.provisioningState])).toEqual([
      ["ajar-a", 200, "Succeeded"],
      ["ajar-b", 201, "Succeeded"],
    ]);
    // Allow-HTTPS was not in the body: gone. The six default rules are not the client's to write.
    expect(done.defaultSecurityRules?.map((r) => r.name)).toEqual(read.defaultSecurityRules?.map((r) => r.name));
    expect(done.defaultSecurityRules).toHaveLength(6);
    expect(done.etag).not.toBe(read.etag);
    expect(done.etag).toBe(sim.getNsg(NSG_SUBNET).etag);
    expect(sim.writeLog()).toMatchObject([
      {
        method: "PUT",
        nsgId: NSG_SUBNET,
        ruleCount: 2,
        status: 200,
        outcome: "accepted",
        operationStatus: "Succeeded",
      },
    ]);
    expect(sim.writeLog()[0]?.ruleName).toBeUndefined();
  });

  it("keeps an unchanged rule's etag and gives a changed rule a new one", async () => {
    sim = await startDemoSimulator();
    sim.adminPutRule(NSG_NIC, {
      name: "keep",
      priority: 150,
      direction: "Inbound",
      access: "Deny",
      protocol: "Tcp",
      destinationPortRange: "22",
    });
    sim.adminPutRule(NSG_NIC, {
      name: "change",
      priority: 160,
      direction: "Inbound",
      access: "Deny",
      protocol: "Tcp",
      destinationPortRange: "3389",
    });
    const { network } = clientsFor(sim);
    const read = await network.networkSecurityGroups.get(RG, "nsg-vm-prod-1");
    const rules = (read.securityRules ?? []).map((r) => (r.name === "change" ? { ...r, priority: 170 } : r));
    const done = await network.networkSecurityGroups.beginCreateOrUpdateAndWait(
      RG,
      "nsg-vm-prod-1",
      withRules(read, rules),
      ifMatch(read.etag),
    );

    const etagOf = (nsg: NetworkSecurityGroup, name: string) => nsg.securityRules?.find((r) => r.name === name)?.etag;
    expect(etagOf(done, "keep")).toBe(etagOf(read, "keep"));
    expect(etagOf(done, "change")).not.toBe(etagOf(read, "change"));
    expect(done.securityRules?.find((r) => r.name === "change")?.priority).toBe(170);
  });

  it("validates every rule of the body as a rule PUT does: duplicate priority+direction is SecurityRuleConflict, nothing changes", async () => {
    sim = await startDemoSimulator();
    const { network } = clientsFor(sim);
    const read = await network.networkSecurityGroups.get(RG, "nsg-snet-app");
    const clash = [...(read.securityRules ?? []), { name: "ajar-x", ...sshRule({ priority: 300 }) }];
    const error = await errorOf(
      network.networkSecurityGroups.beginCreateOrUpdateAndWait(
        RG,
        "nsg-snet-app",
        withRules(read, clash),
        ifMatch(read.etag),
      ),
    );
    expect(isRestError(error) && error.statusCode).toBe(400);
    expect(error.code).toBe("SecurityRuleConflict");
    const bad = await errorOf(
      network.networkSecurityGroups.beginCreateOrUpdateAndWait(
        RG,
        "nsg-snet-app",
        withRules(read, [{ name: "p", ...sshRule({ priority: 99 }) }]),
        POLL,
      ),
    );
    expect(bad.code).toBe("SecurityRuleInvalidPriority");
    expect(sim.getNsg(NSG_SUBNET)).toMatchObject({ etag: read.etag, rules: [{ name: "Allow-HTTPS" }] });
  });

  it("creates a new NSG with 201 and ignores defaultSecurityRules in the body", async () => {
    sim = await startDemoSimulator();
    const res = await armFetch(
      sim,
      `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/${RG}/providers/Microsoft.Network/networkSecurityGroups/nsg-new`,
      {
        method: "PUT",
        body: JSON.stringify({
          location: "westeurope",
          tags: { owner: "ops" },
          properties: {
            securityRules: [{ name: "r1", properties: sshRule() }],
            defaultSecurityRules: [{ name: "AllowVnetInBound", properties: sshRule({ priority: 65000 }) }],
          },
        }),
      },
    );
    expect(res.status).toBe(201);
    expect(res.headers.get("azure-asyncoperation")).toMatch(/\/operations\//);
    const body = (await res.json()) as {
      tags: unknown;
      properties: {
        provisioningState: string;
        securityRules: unknown[];
        defaultSecurityRules: { properties: { priority: number } }[];
      };
    };
    expect(body).toMatchObject({
      tags: { owner: "ops" },
      properties: { provisioningState: "Updating", securityRules: [{ name: "r1" }] },
    });
    expect(body.properties.defaultSecurityRules.map((r) => r.properties.priority)).toEqual([
      65000, 65001, 65500, 65000, 65001, 65500,
    ]);
  });
});

describe("If-Match / If-None-Match on NSG writes", () => {
  it("412 PreconditionFailed on a stale etag: an administrator's rule added between the read and the write survives", async () => {
    sim = await startDemoSimulator();
    const { network } = clientsFor(sim);
    const read = await network.networkSecurityGroups.get(RG, "nsg-vm-prod-1");
    sim.onNextWrite(NSG_NIC, () =>
      sim.adminPutRule(NSG_NIC, {
        name: "incident-block",
        priority: 150,
        direction: "Inbound",
        access: "Deny",
        sourceAddressPrefix: "198.51.100.0/24",
      }),
    );

    const error = await errorOf(
      network.networkSecurityGroups.beginCreateOrUpdateAndWait(
        RG,
        "nsg-vm-prod-1",
        withRules(read, [{ name: "ajar-a", ...sshRule() }]),
        ifMatch(read.etag),
      ),
    );
    expect(isRestError(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 412, code: "PreconditionFailed" });
    expect(sim.getRules(NSG_NIC).map((r) => r.name)).toEqual(["incident-block"]);
    expect(sim.writeLog().map((w) => [w.source, w.outcome])).toEqual([
      ["admin", "applied"],
      ["arm", "precondition-failed"],
    ]);

    // Read again, re-plan on top of what is there now, and the write goes through.
    const again = await network.networkSecurityGroups.get(RG, "nsg-vm-prod-1");
    expect(again.etag).toBe(sim.getNsg(NSG_NIC).etag);
    const done = await network.networkSecurityGroups.beginCreateOrUpdateAndWait(
      RG,
      "nsg-vm-prod-1",
      withRules(again, [...(again.securityRules ?? []), { name: "ajar-a", ...sshRule() }]),
      ifMatch(again.etag),
    );
    expect(done.securityRules?.map((r) => r.name)).toEqual(["incident-block", "ajar-a"]);
  });

  it("every change gives the NSG a new etag: rule PUT, rule DELETE, admin changes", async () => {
    sim = await startDemoSimulator();
    const { network } = clientsFor(sim);
    const seen = [sim.getNsg(NSG_NIC).etag];
    await network.securityRules.beginCreateOrUpdateAndWait(RG, "nsg-vm-prod-1", "a", sshRule(), POLL);
    seen.push((await network.networkSecurityGroups.get(RG, "nsg-vm-prod-1")).etag as string);
    await network.securityRules.beginDeleteAndWait(RG, "nsg-vm-prod-1", "a", POLL);
    seen.push((await network.networkSecurityGroups.get(RG, "nsg-vm-prod-1")).etag as string);
    sim.adminPutRule(NSG_NIC, { name: "b", priority: 300, direction: "Inbound", access: "Deny" });
    seen.push(sim.getNsg(NSG_NIC).etag);
    sim.adminDeleteRule(NSG_NIC, "b");
    seen.push(sim.getNsg(NSG_NIC).etag);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("If-Match: * needs the NSG to exist; If-None-Match: * refuses an existing one", async () => {
    sim = await startDemoSimulator();
    const base = `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/${RG}/providers/Microsoft.Network/networkSecurityGroups`;
    const body = JSON.stringify({ location: "westeurope", properties: { securityRules: [] } });
    const missing = await armFetch(sim, `${base}/nsg-missing`, { method: "PUT", body, headers: { "If-Match": "*" } });
    expect(missing.status).toBe(412);
    expect(await missing.json()).toMatchObject({
      error: { code: "PreconditionFailed", message: expect.stringContaining("does not exist") },
    });
    const exists = await armFetch(sim, `${base}/nsg-vm-prod-1`, {
      method: "PUT",
      body,
      headers: { "If-None-Match": "*" },
    });
    expect(exists.status).toBe(412);
    const star = await armFetch(sim, `${base}/nsg-vm-prod-1`, { method: "PUT", body, headers: { "If-Match": "*" } });
    expect(star.status).toBe(200);
  });
});
