import type { NetworkSecurityGroup, SecurityRule } from "@azure/arm-network";
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
  SUB,
} from "./support/sim-fixture.js";

let sim: AzureSimulator;
afterEach(async () => sim?.close());

const POLL = { updateIntervalInMs: 10 };
const headers = (h: Record<string, string>) => ({ ...POLL, requestOptions: { customHeaders: h } });
const withRules = (nsg: NetworkSecurityGroup, rules: SecurityRule[]): NetworkSecurityGroup => ({
  location: nsg.location,
  tags: nsg.tags,
  securityRules: rules,
});

interface OperationBody {
  status: string;
  error?: { code: string; message: string; details?: { code: string; message: string }[] };
}

async function operationBody(s: AzureSimulator, operationId: string): Promise<OperationBody> {
  const res = await armFetch(
    s,
    `/subscriptions/${SUB}/providers/Microsoft.Network/locations/westeurope/operations/${operationId}`,
  );
  expect(res.status).toBe(200);
  return (await res.json()) as OperationBody;
}

describe("If-Match / If-None-Match on security rule writes", () => {
  it("PUT with the rule's current etag succeeds; with an old one 412, nothing written", async () => {
    sim = await startDemoSimulator();
    const { network } = clientsFor(sim);
    const rule = await network.securityRules.get(RG, "nsg-snet-app", "Allow-HTTPS");
    const stale = rule.etag as string;
    const updated = await network.securityRules.beginCreateOrUpdateAndWait(
      RG,
      "nsg-snet-app",
      "Allow-HTTPS",
      { ...rule, priority: 310 },
      headers({ "If-Match": stale }),
    );
    expect(updated.etag).not.toBe(stale);

    const error = await errorOf(
      network.securityRules.beginCreateOrUpdateAndWait(
        RG,
        "nsg-snet-app",
        "Allow-HTTPS",
        { ...rule, priority: 320 },
        headers({ "If-Match": stale }),
      ),
    );
    expect(error).toMatchObject({ statusCode: 412, code: "PreconditionFailed" });
    expect(sim.getRules(NSG_SUBNET)[0]).toMatchObject({ priority: 310, etag: updated.etag });
  });

  it("the NSG's etag does not stand in for a rule's", async () => {
    sim = await startDemoSimulator();
    const { network } = clientsFor(sim);
    const error = await errorOf(
      network.securityRules.beginCreateOrUpdateAndWait(
        RG,
        "nsg-snet-app",
        "Allow-HTTPS",
        sshRule({ priority: 310 }),
        headers({ "If-Match": sim.getNsg(NSG_SUBNET).etag }),
      ),
    );
    expect(error).toMatchObject({ statusCode: 412, code: "PreconditionFailed" });
  });

  it("If-None-Match: * creates only; If-Match: * updates only", async () => {
    sim = await startDemoSimulator();
    const { network } = clientsFor(sim);
    await network.securityRules.beginCreateOrUpdateAndWait(
      RG,
      "nsg-vm-prod-1",
      "new",
      sshRule(),
      headers({ "If-None-Match": "*" }),
    );
    const again = await errorOf(
      network.securityRules.beginCreateOrUpdateAndWait(
        RG,
        "nsg-vm-prod-1",
        "new",
        sshRule(),
        headers({ "If-None-Match": "*" }),
      ),
    );
    expect(again).toMatchObject({ statusCode: 412, code: "PreconditionFailed" });
    const missing = await errorOf(
      network.securityRules.beginCreateOrUpdateAndWait(
        RG,
        "nsg-vm-prod-1",
        "absent",
        sshRule({ priority: 250 }),
        headers({ "If-Match": "*" }),
      ),
    );
    expect(missing).toMatchObject({ statusCode: 412, code: "PreconditionFailed" });
    expect(sim.getRules(NSG_NIC).map((r) => r.name)).toEqual(["new"]);
  });

  it("DELETE with a stale etag is refused; an admin's change just before the delete makes it stale", async () => {
    sim = await startDemoSimulator();
    const { network } = clientsFor(sim);
    const rule = await network.securityRules.beginCreateOrUpdateAndWait(RG, "nsg-vm-prod-1", "ajar-a", sshRule(), POLL);
    sim.onNextWrite(NSG_NIC, () =>
      sim.adminPutRule(NSG_NIC, {
        name: "ajar-a",
        priority: 200,
        direction: "Inbound",
        access: "Allow",
        destinationPortRange: "22",
        description: "edited by hand",
      }),
    );
    const error = await errorOf(
      network.securityRules.beginDeleteAndWait(
        RG,
        "nsg-vm-prod-1",
        "ajar-a",
        headers({ "If-Match": rule.etag as string }),
      ),
    );
    expect(error).toMatchObject({ statusCode: 412, code: "PreconditionFailed" });
    expect(sim.getRules(NSG_NIC)).toMatchObject([{ name: "ajar-a", description: "edited by hand" }]);

    // The hook ran once: the next delete with the current etag goes through.
    await network.securityRules.beginDeleteAndWait(
      RG,
      "nsg-vm-prod-1",
      "ajar-a",
      headers({ "If-Match": sim.getRules(NSG_NIC)[0]?.etag as string }),
    );
    expect(sim.getRules(NSG_NIC)).toEqual([]);
  });
});

describe("conflict mode cancel-superseded", () => {
  it("a second whole-NSG PUT cancels the first: its poller fails, the operation shows CanceledAndSupersededDueToAnotherOperation, the second applies", async () => {
    sim = await startDemoSimulator({ operationDelayMs: 200, conflictMode: "cancel-superseded" });
    const { network } = clientsFor(sim);
    const read = await network.networkSecurityGroups.get(RG, "nsg-snet-app");
    const first = await network.networkSecurityGroups.beginCreateOrUpdate(
      RG,
      "nsg-snet-app",
      withRules(read, [{ name: "first", ...sshRule({ priority: 200 }) }]),
      POLL,
    );
    const firstResult = first.pollUntilDone().then(
      () => "succeeded",
      (e: Error) => e.message,
    );
    const afterFirst = await network.networkSecurityGroups.get(RG, "nsg-snet-app");
    const second = await network.networkSecurityGroups.beginCreateOrUpdateAndWait(
      RG,
      "nsg-snet-app",
      withRules(afterFirst, [...(read.securityRules ?? []), { name: "second", ...sshRule({ priority: 201 }) }]),
      headers({ "If-Match": afterFirst.etag as string }),
    );

    // @azure/core-lro ends a Canceled operation with this message; the reason is on the operation-status URL.
    expect(await firstResult).toBe("Operation was canceled");
    const [firstPut, secondPut] = sim.writeLog();
    expect(firstPut).toMatchObject({ method: "PUT", ruleCount: 1, operationStatus: "Canceled" });
    expect(secondPut).toMatchObject({ method: "PUT", ruleCount: 2, operationStatus: "Succeeded" });
    const op = await operationBody(sim, firstPut?.operationId as string);
    expect(op).toMatchObject({ status: "Canceled", error: { code: "Canceled", message: "Operation was canceled." } });
    expect(op.error?.details?.[0]?.code).toBe("CanceledAndSupersededDueToAnotherOperation");
    expect(op.error?.details?.[0]?.message).toBe(
      `Operation PutNetworkSecurityGroupOperation (${firstPut?.operationId as string}) was canceled and superseded by operation PutNetworkSecurityGroupOperation (${secondPut?.operationId as string}).`,
    );
    expect(second.securityRules?.map((r) => r.name)).toEqual(["Allow-HTTPS", "second"]);
    expect(sim.getRules(NSG_SUBNET).map((r) => r.name)).toEqual(["Allow-HTTPS", "second"]);
  });

  it("a rule PUT superseding a whole-NSG PUT: the NSG's previous rule set stays, plus the new rule", async () => {
    sim = await startDemoSimulator({ operationDelayMs: 200, conflictMode: "cancel-superseded" });
    const { network } = clientsFor(sim);
    const read = await network.networkSecurityGroups.get(RG, "nsg-snet-app");
    const whole = await network.networkSecurityGroups.beginCreateOrUpdate(
      RG,
      "nsg-snet-app",
      withRules(read, []),
      POLL,
    );
    const wholeResult = whole.pollUntilDone().then(
      () => "succeeded",
      (e: Error) => e.message,
    );
    await network.securityRules.beginCreateOrUpdateAndWait(
      RG,
      "nsg-snet-app",
      "ajar-b",
      sshRule({ priority: 210 }),
      POLL,
    );
    expect(await wholeResult).toBe("Operation was canceled");
    expect(sim.getNsg(NSG_SUBNET)).toMatchObject({
      provisioningState: "Succeeded",
      rules: [{ name: "Allow-HTTPS" }, { name: "ajar-b", provisioningState: "Succeeded" }],
    });
  });

  it("a superseded rule DELETE ends Canceled and the rule stays", async () => {
    sim = await startDemoSimulator({ operationDelayMs: 150, conflictMode: "cancel-superseded" });
    sim.adminPutRule(NSG_NIC, {
      name: "old",
      priority: 220,
      direction: "Inbound",
      access: "Allow",
      destinationPortRange: "22",
    });
    const { network } = clientsFor(sim);
    const deleting = await network.securityRules.beginDelete(RG, "nsg-vm-prod-1", "old", POLL);
    const deleteResult = deleting.pollUntilDone().then(
      () => "succeeded",
      (e: Error) => e.message,
    );
    await network.securityRules.beginCreateOrUpdateAndWait(
      RG,
      "nsg-vm-prod-1",
      "other",
      sshRule({ priority: 230 }),
      POLL,
    );
    expect(await deleteResult).toBe("Operation was canceled");
    expect(sim.getRules(NSG_NIC).map((r) => [r.name, r.provisioningState])).toEqual([
      ["old", "Succeeded"],
      ["other", "Succeeded"],
    ]);
  });

  it("an invalid write is refused without cancelling the operation in flight", async () => {
    sim = await startDemoSimulator({ operationDelayMs: 150, conflictMode: "cancel-superseded" });
    const { network } = clientsFor(sim);
    const first = await network.securityRules.beginCreateOrUpdate(
      RG,
      "nsg-vm-prod-1",
      "a",
      sshRule({ priority: 200 }),
      POLL,
    );
    const clash = await errorOf(
      network.securityRules.beginCreateOrUpdateAndWait(RG, "nsg-vm-prod-1", "b", sshRule({ priority: 200 }), POLL),
    );
    expect(clash).toMatchObject({ statusCode: 400, code: "SecurityRuleConflict" });
    expect((await first.pollUntilDone()).provisioningState).toBe("Succeeded");
  });

  it("can be switched on through the control API", async () => {
    sim = await startDemoSimulator();
    const res = await fetch(`${sim.url}/_sim/settings`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ conflictMode: "cancel-superseded" }),
    });
    expect(res.status).toBe(200);
    expect(sim.settings().conflictMode).toBe("cancel-superseded");
  });
});
