import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { e2eConfig, jit, startE2E, SUB, waitForStatus, type E2E } from "../support/e2e.js";

// rg-dev carries no deny assignment, so only the scope of Carol's role decides.
const RG = `/subscriptions/${SUB}/resourceGroups/rg-dev`;
const VM = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-dev-1`;
const devPolicy = {
  name: "dev",
  vms: [{ subscriptionId: SUB, resourceGroup: "rg-dev" }],
  ports: [{ port: 22, name: "ssh" }],
  allowedSources: ["203.0.113.0/24"],
  approval: { mode: "approvers", users: ["U0BOB0001"], minApprovals: 1 },
};

describe("required Azure actions are checked at the scope Defender checks them", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E(e2eConfig({ policies: [devPolicy] }));
  });
  afterAll(async () => {
    await e2e.close();
  });

  it("refuses a requester whose JIT role is assigned on the VM only, naming the action and the resource group", async () => {
    e2e.stack.azure.addRoleAssignment({ role: "JIT Requester", principal: "carol", scope: VM });
    const { grantId } = await jit(e2e, "U0CAROL01", "ssh vm-dev-1 30m");
    const grant = await waitForStatus(e2e, grantId!, "rejected");
    expect(grant.failure).toContain(
      `lacks Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action and Microsoft.Security/locations/jitNetworkAccessPolicies/*/read at resource group ${RG}`,
    );
  });

  it("accepts the same role once it is assigned at the resource group", async () => {
    e2e.stack.azure.addRoleAssignment({ role: "JIT Requester", principal: "carol", scope: RG });
    const { grantId } = await jit(e2e, "U0CAROL01", "ssh vm-dev-1 30m");
    await waitForStatus(e2e, grantId!, "pending");
  });
});
