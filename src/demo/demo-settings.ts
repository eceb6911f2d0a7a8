import type { Settings } from "../app/settings.js";
import { parseConfig } from "../config/load-config.js";
import type { SimUser } from "../simulators/slack/types.js";

export const DEMO_USERS: SimUser[] = [
  {
    id: "U0ALICE01",
    name: "alice",
    realName: "Alice Operator",
    email: "alice@example.com",
    tz: "Europe/Amsterdam",
    tzOffset: 3600,
  },
  {
    id: "U0BOB0001",
    name: "bob",
    realName: "Bob Approver",
    email: "bob@example.com",
    tz: "America/New_York",
    tzOffset: -18000,
  },
  { id: "U0CAROL01", name: "carol", realName: "Carol Approver", email: "carol@example.com" },
];

export const DEMO_CHANNEL = "C0JITNOTE";
export const DEMO_SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";

/** The configuration the demo runs with, written as an operator would write ajar.yaml. */
export function demoSettings(overrides: Record<string, unknown> = {}): Settings {
  return parseConfig(
    {
      slack: { notifyChannel: DEMO_CHANNEL },
      azure: { subscriptions: [DEMO_SUBSCRIPTION], pollIntervalMs: 50 },
      grants: { pendingTimeout: "1h", reminderAfter: "15m", expiryNotice: "5m", sweepEvery: "1m" },
      identities: [
        {
          slackUserId: "U0ALICE01",
          objectId: "11111111-1111-1111-1111-111111111111",
          manager: "U0BOB0001",
          defaultSource: "203.0.113.7",
        },
        { email: "bob@example.com", objectId: "22222222-2222-2222-2222-222222222222" },
        { slackUserId: "U0CAROL01", objectId: "33333333-3333-3333-3333-333333333333" },
      ],
      policies: [
        {
          name: "prod-linux",
          vms: [{ subscriptionId: DEMO_SUBSCRIPTION, resourceGroup: "rg-prod", namePattern: "vm-prod-*" }],
          ports: [{ port: 22, name: "ssh" }],
          duration: { min: "5s", default: "30m", max: "3h" },
          allowedSources: ["203.0.113.0/24", "198.51.100.0/24"],
          approval: { mode: "approvers", users: ["U0BOB0001", "U0CAROL01"], minApprovals: 1 },
        },
        {
          name: "windows",
          vms: [{ subscriptionId: DEMO_SUBSCRIPTION, namePattern: "vm-win-*" }],
          ports: [
            { port: 3389, name: "rdp" },
            { port: 5985, name: "winrm" },
            { port: 5986, name: "winrms" },
          ],
          duration: { min: "5s", default: "1h", max: "2h" },
          allowedSources: ["203.0.113.0/24"],
          approval: { mode: "manager" },
        },
      ],
      ...overrides,
    },
    "demo configuration",
  );
}
