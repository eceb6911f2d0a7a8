import type { AuthorizedGrant, RequestedGrant } from "../../../src/domain/grant/grant.js";
import type { VmSummary } from "../../../src/domain/ports/network-access.port.js";
import { grantFixture } from "../grant-fixture.js";

/** One subscription with two covered VMs: vm-prod-1 (needs one approver) and vm-auto-1 (no approval). */
export const SUB = "00000000-0000-0000-0000-000000000001";
const nsg = (rg: string, name: string): string =>
  `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/networkSecurityGroups/${name}`;
export const NIC_NSG = nsg("rg-prod", "nsg-vm-prod-1");
export const SUBNET_NSG = nsg("rg-prod", "nsg-snet-app");
export const AUTO_NSG = nsg("rg-auto", "nsg-vm-auto-1");

const vm = (rg: string, name: string): VmSummary => ({
  id: `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`,
  name,
  subscriptionId: SUB,
  resourceGroup: rg,
  tags: {},
});
export const VM_PROD = vm("rg-prod", "vm-prod-1");
export const VM_AUTO = vm("rg-auto", "vm-auto-1");

export const ALICE = { slackUserId: "U0ALICE01", objectId: "11111111-1111-1111-1111-111111111111" };
export const BOB = "U0BOB0001";
export const CAROL = "U0CAROL01";
export const MALLORY = "U0MALLORY";

/** The configuration the harness runs on (parseConfig's input), changed by `overrides` at the top level. */
export function estateConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    slack: { notifyChannel: "C0JITNOTE" },
    azure: { subscriptions: [SUB] },
    grants: { pendingTimeout: "1h", reminderAfter: "15m", expiryNotice: "5m", sweepEvery: "1m", openTimeout: "10m" },
    identities: [
      { slackUserId: ALICE.slackUserId, objectId: ALICE.objectId, defaultSource: "203.0.113.7" },
      { slackUserId: BOB, objectId: "22222222-2222-2222-2222-222222222222" },
    ],
    policies: [
      {
        name: "prod",
        vms: [{ subscriptionId: SUB, resourceGroup: "rg-prod" }],
        ports: [{ port: 22, name: "ssh" }],
        duration: { min: "1m", default: "30m", max: "2h" },
        allowedSources: ["203.0.113.0/24"],
        approval: { mode: "approvers", users: [BOB, CAROL], minApprovals: 1 },
      },
      {
        name: "auto",
        vms: [{ subscriptionId: SUB, resourceGroup: "rg-auto" }],
        ports: [{ port: 22, name: "ssh" }],
        duration: { min: "1m", default: "30m", max: "2h" },
        allowedSources: ["203.0.113.0/24"],
        approval: { mode: "none" },
      },
    ],
    ...overrides,
  };
}

const NOW = "2026-11-25T10:00:00.000Z";

/** A request for vm-prod-1 as /jit records it, before anything is checked. */
export function requested(overrides: Partial<RequestedGrant> = {}): RequestedGrant {
  const { policyName: _p, target: _t, durationSeconds: _d, ...record } = grantFixture();
  return {
    ...record,
    id: "g-aaaaaaaaaa",
    version: 1,
    status: "requested",
    requester: { ...ALICE },
    request: { vmName: VM_PROD.name, port: 22, portLabel: "ssh" },
    createdAt: NOW,
    pendingUntil: undefined,
    approval: { mode: "none", required: 0, eligible: [], votes: [] },
    history: [{ type: "requested", at: NOW, actor: ALICE.slackUserId }],
    ...overrides,
  };
}

/** Authorized for vm-prod-1 under `prod` and waiting for Bob or Carol. */
export function pending(overrides: Partial<AuthorizedGrant> = {}): AuthorizedGrant {
  return grantFixture({
    ...requested(),
    status: "pending",
    policyName: "prod",
    target: {
      vmId: VM_PROD.id,
      vmName: VM_PROD.name,
      subscriptionId: SUB,
      resourceGroup: "rg-prod",
      port: 22,
      portLabel: "ssh",
      protocol: "Tcp",
    },
    durationSeconds: 1800,
    pendingUntil: "2026-11-25T11:00:00.000Z",
    approval: { mode: "approvers", required: 1, eligible: [BOB, CAROL], votes: [] },
    rbac: { allowed: true, summary: "holds every required Azure action", checkedAt: NOW },
    messages: [{ channel: BOB, ts: "1.000000", purpose: "approval" }],
    ...overrides,
  });
}

/** Approved, not yet opening. */
export function approved(overrides: Partial<AuthorizedGrant> = {}): AuthorizedGrant {
  return pending({
    status: "approved",
    approval: {
      mode: "approvers",
      required: 1,
      eligible: [BOB, CAROL],
      votes: [{ slackUserId: BOB, decision: "approve", at: NOW }],
    },
    ...overrides,
  });
}

/** Open on both NSGs of vm-prod-1 since 10:00, until 10:30. */
export function active(overrides: Partial<AuthorizedGrant> = {}): AuthorizedGrant {
  const name = `ajar-${overrides.id ?? "g-aaaaaaaaaa"}-p22`;
  return approved({
    status: "active",
    network: { privateIps: ["10.0.1.4"], nsgIds: [NIC_NSG, SUBNET_NSG] },
    ruleEnd: "2026-11-25T10:30:00.000Z",
    openedAt: NOW,
    expiresAt: "2026-11-25T10:30:00.000Z",
    rules: [NIC_NSG, SUBNET_NSG].map((nsgId) => ({ nsgId, name, priority: 1001, liveAt: NOW })),
    ...overrides,
  });
}
