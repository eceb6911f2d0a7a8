import type { AuthorizedGrant } from "../../src/domain/grant/grant.js";

/** An authorized grant for vm-1, waiting for two approvals. */
export function grantFixture(overrides: Partial<AuthorizedGrant> = {}): AuthorizedGrant {
  return {
    id: "g-abcdefghij",
    version: 3,
    status: "pending",
    policyName: "prod",
    requester: { slackUserId: "UALICE", objectId: "11111111-1111-1111-1111-111111111111" },
    request: { vmName: "vm-1", port: 22, portLabel: "ssh", durationSeconds: 1800 },
    target: {
      vmId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1",
      vmName: "vm-1",
      subscriptionId: "s",
      resourceGroup: "rg",
      port: 22,
      portLabel: "ssh",
      protocol: "Tcp",
    },
    source: "203.0.113.7/32",
    durationSeconds: 1800,
    createdAt: "2026-11-25T10:00:00.000Z",
    pendingUntil: "2026-11-25T11:00:00.000Z",
    approval: { mode: "approvers", required: 2, eligible: ["UBOB", "UCAROL", "UDAVE"], votes: [] },
    rules: [],
    messages: [],
    history: [{ type: "requested", at: "2026-11-25T10:00:00.000Z", actor: "UALICE" }],
    ...overrides,
  };
}
