import { afterEach, describe, expect, it } from "vitest";

import type { AzureSimulator, SimRuleView, WriteLogEntry } from "../../../src/simulators/azure/index.js";
import {
  CAROL,
  clientsFor,
  errorOf,
  NSG_NIC,
  NSG_SUBNET,
  RG,
  RG_ID,
  sshRule,
  startDemoSimulator,
} from "./support/sim-fixture.js";

let sim: AzureSimulator;
afterEach(async () => sim?.close());

const control = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
  const res = await fetch(`${sim.url}/_sim${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
};

const q = encodeURIComponent;

describe("the /_sim control API", () => {
  it("changes rules by hand, bypassing the LRO, and shows them", async () => {
    sim = await startDemoSimulator({ operationDelayMs: 500 });
    const put = await control("PUT", `/rules?nsgId=${q(NSG_NIC)}`, {
      name: "Portal-RDP",
      priority: 400,
      direction: "Inbound",
      access: "Allow",
      protocol: "Tcp",
      destinationPortRange: "3389",
    });
    expect(put.status).toBe(200);
    const rules = (await control("GET", `/rules?nsgId=${q(NSG_NIC)}`)).json as SimRuleView[];
    expect(rules).toMatchObject([
      { name: "Portal-RDP", provisioningState: "Succeeded", sourceAddressPrefix: "*", destinationPortRange: "3389" },
    ]);
    const sdkView = await clientsFor(sim).network.securityRules.get(RG, "nsg-vm-prod-1", "Portal-RDP");
    expect(sdkView.priority).toBe(400);
    expect((await control("DELETE", `/rules?nsgId=${q(NSG_NIC)}&name=Portal-RDP`)).json).toEqual({ deleted: true });
    expect(sim.getRules(NSG_NIC)).toEqual([]);
    expect(
      ((await control("GET", "/writes")).json as WriteLogEntry[]).map((w) => `${w.source} ${w.method} ${w.outcome}`),
    ).toEqual(["admin PUT applied", "admin DELETE applied"]);
  });

  it("shows an NSG's etag and rules, and puts an admin change before the next ARM write", async () => {
    sim = await startDemoSimulator();
    const before = (await control("GET", `/nsg?nsgId=${q(NSG_NIC)}`)).json as { etag: string; rules: SimRuleView[] };
    expect(before).toMatchObject({ etag: sim.getNsg(NSG_NIC).etag, provisioningState: "Succeeded", rules: [] });
    const hook = await control("POST", `/next-write?nsgId=${q(NSG_NIC)}`, {
      putRule: { name: "by-hand", priority: 150, direction: "Inbound", access: "Deny" },
    });
    expect(hook.status).toBe(204);
    expect(sim.getRules(NSG_NIC)).toEqual([]);

    // The admin's rule lands just before the ARM write, which then collides with it.
    const error = await errorOf(
      clientsFor(sim).network.securityRules.beginCreateOrUpdateAndWait(
        RG,
        "nsg-vm-prod-1",
        "ajar-a",
        sshRule({ priority: 150, access: "Deny" }),
      ),
    );
    expect(error).toMatchObject({ statusCode: 400, code: "SecurityRuleConflict" });
    expect(sim.writeLog().map((w) => `${w.source} ${w.method} ${w.outcome}`)).toEqual([
      "admin PUT applied",
      "arm PUT rejected",
    ]);
    expect(((await control("GET", `/nsg?nsgId=${q(NSG_NIC)}`)).json as { etag: string }).etag).not.toBe(before.etag);
    expect((await control("POST", `/next-write?nsgId=${q(NSG_NIC)}`, {})).status).toBe(400);
  });

  it("validates admin rules like ARM would", async () => {
    sim = await startDemoSimulator();
    const conflict = await control("PUT", `/rules?nsgId=${q(NSG_SUBNET)}`, {
      name: "x",
      priority: 300,
      direction: "Inbound",
      access: "Deny",
    });
    expect(conflict).toMatchObject({ status: 400, json: { error: { code: "SecurityRuleConflict" } } });
    const shape = await control("PUT", `/rules?nsgId=${q(NSG_SUBNET)}`, { name: "x" });
    expect(shape).toMatchObject({ status: 400, json: { error: { code: "InvalidControlRequest" } } });
  });

  it("injects faults over HTTP, including path regexes", async () => {
    sim = await startDemoSimulator();
    expect(
      (
        await control("POST", "/faults/next", {
          status: 502,
          count: 1,
          match: { pathRegex: "networkSecurityGroups/nsg-vm-prod-1$" },
        })
      ).status,
    ).toBe(204);
    const { network } = clientsFor(sim);
    await network.networkSecurityGroups.get(RG, "nsg-snet-app");
    expect(await errorOf(network.networkSecurityGroups.get(RG, "nsg-vm-prod-1"))).toMatchObject({ statusCode: 502 });
    await control("POST", "/faults/rate", { status: 500, rate: 1, seed: 3 });
    expect(await errorOf(network.networkSecurityGroups.get(RG, "nsg-vm-prod-1"))).toMatchObject({ statusCode: 500 });
    await control("DELETE", "/faults");
    expect((await network.networkSecurityGroups.get(RG, "nsg-vm-prod-1")).name).toBe("nsg-vm-prod-1");
  });

  it("adds and removes role assignments", async () => {
    sim = await startDemoSimulator();
    const added = await control("POST", "/role-assignments", { role: "Reader", principal: CAROL, scope: RG_ID });
    expect(added.status).toBe(201);
    const { id } = added.json as { id: string };
    const list = async () => {
      const out: string[] = [];
      for await (const a of clientsFor(sim).authorization.roleAssignments.listForScope(RG_ID, {
        filter: `assignedTo('${CAROL}')`,
      }))
        out.push(a.id as string);
      return out;
    };
    expect(await list()).toEqual([id]);
    expect((await control("DELETE", `/role-assignments?id=${q(id)}`)).json).toEqual({ deleted: true });
    expect(await list()).toEqual([]);
  });

  it("fails the next operation and changes settings at runtime", async () => {
    sim = await startDemoSimulator();
    await control("PATCH", "/settings", { operationDelayMs: 40, conflictMode: "another-operation-409" });
    expect((await control("GET", "/settings")).json).toMatchObject({
      operationDelayMs: 40,
      conflictMode: "another-operation-409",
    });
    await control("POST", "/operations/fail-next", { code: "InternalServerError", message: "boom" });
    const error = await errorOf(
      clientsFor(sim).network.securityRules.beginCreateOrUpdateAndWait(RG, "nsg-vm-prod-1", "r", sshRule(), {
        updateIntervalInMs: 10,
      }),
    );
    expect(error.message).toMatch(/InternalServerError\. boom/);
  });

  it("resets to the seed", async () => {
    sim = await startDemoSimulator();
    sim.adminPutRule(NSG_NIC, { name: "temp", priority: 999, direction: "Inbound", access: "Allow" });
    sim.adminDeleteRule(NSG_SUBNET, "Allow-HTTPS");
    expect((await control("POST", "/reset")).status).toBe(204);
    expect(sim.getRules(NSG_NIC)).toEqual([]);
    expect(sim.getRules(NSG_SUBNET).map((r) => r.name)).toEqual(["Allow-HTTPS"]);
    expect(sim.writeLog()).toEqual([]);
  });

  it("answers unknown endpoints with the list of known ones", async () => {
    sim = await startDemoSimulator();
    const res = await control("GET", "/nope");
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.json)).toContain("GET /_sim/health");
  });
});
