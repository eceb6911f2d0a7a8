import { z } from "zod";

import { firewallSchema } from "./firewall-schema.js";

/**
 * The YAML file's shape. Durations stay strings here (checked and converted by `toSettings` in
 * load-config.ts with the domain's parser), so every error still names its YAML key.
 */

const durationString = z.string().min(1);
const slackUserId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, "a Slack user id such as U0123ABCD");
const slackChannelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, "a Slack channel id such as C0123ABCD");
const slackUsergroupId = z.string().regex(/^S[A-Z0-9]{2,}$/, "a Slack user group id such as S0123ABCD");
const guid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, "a GUID (Entra object id)");
const protocol = z.enum(["Tcp", "Udp", "*"]);

const vmSelector = z.strictObject({
  subscriptionId: guid.optional(),
  resourceGroup: z.string().min(1).optional(),
  namePattern: z.string().min(1).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  /** The Azure Firewall in front of the VMs this selector matches (overrides the policy's). */
  firewall: firewallSchema.optional(),
});

const portEntry = z.strictObject({
  port: z.number().int().min(1).max(65535),
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,19}$/, "a lower-case name such as ssh")
    .optional(),
  protocol: protocol.default("Tcp"),
  maxDuration: durationString.optional(),
});

const approval = z.discriminatedUnion("mode", [
  z.strictObject({ mode: z.literal("none") }),
  z.strictObject({
    mode: z.literal("manager"),
    allowSelfApproval: z.boolean().default(false),
    channel: slackChannelId.optional(),
  }),
  z.strictObject({
    mode: z.literal("approvers"),
    users: z.array(slackUserId).default([]),
    usergroups: z.array(slackUsergroupId).default([]),
    entraGroups: z.array(guid).default([]),
    minApprovals: z.number().int().min(1).default(1),
    allowSelfApproval: z.boolean().default(false),
    channel: slackChannelId.optional(),
  }),
]);

export const policySchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "a lower-case kebab-case name"),
  vms: z.array(vmSelector).min(1),
  ports: z.array(portEntry).min(1),
  duration: z
    .strictObject({
      min: durationString.default("5m"),
      default: durationString.default("1h"),
      max: durationString.default("3h"),
    })
    .default({ min: "5m", default: "1h", max: "3h" }),
  allowedSources: z.array(z.string().min(1)).default([]),
  allowAnySource: z.boolean().default(false),
  justification: z
    .strictObject({ required: z.boolean().default(false), pattern: z.string().optional(), hint: z.string().optional() })
    .default({ required: false }),
  approval: approval.default({
    mode: "approvers",
    users: [],
    usergroups: [],
    entraGroups: [],
    minApprovals: 1,
    allowSelfApproval: false,
  }),
  /** A plain string is checked at its default scope (Defender's: resource group for Microsoft.Security, else the VM). */
  requiredActions: z
    .array(
      z.union([
        z.string().min(3),
        z.strictObject({ action: z.string().min(3), scope: z.enum(["vm", "resourceGroup", "subscription"]) }),
      ]),
    )
    .optional(),
  notifyChannel: slackChannelId.optional(),
  /** The Azure Firewall in front of the policy's VMs: grants get a DNAT entry on it. */
  firewall: firewallSchema.optional(),
});

export const identitySchema = z
  .strictObject({
    slackUserId: slackUserId.optional(),
    email: z.email().optional(),
    objectId: guid,
    manager: slackUserId.optional(),
    defaultSource: z.string().min(1).optional(),
  })
  .refine((i) => i.slackUserId !== undefined || i.email !== undefined, {
    message: "each identity needs slackUserId or email",
  });

export const fileSchema = z.strictObject({
  slack: z
    .strictObject({
      notifyChannel: slackChannelId.optional(),
      approvalChannel: slackChannelId.optional(),
    })
    .default({}),
  azure: z
    .strictObject({
      subscriptions: z.array(guid).default([]),
      lockdown: z
        .strictObject({
          onStart: z.boolean().default(true),
          priority: z.number().int().min(101).max(4096).default(1000),
        })
        .default({ onStart: true, priority: 1000 }),
      pollIntervalMs: z.number().int().min(0).max(60_000).default(2000),
      batchNsgWrites: z.boolean().default(true),
      coalesceMs: z.number().int().min(0).max(5_000).default(10),
    })
    .default({
      subscriptions: [],
      lockdown: { onStart: true, priority: 1000 },
      pollIntervalMs: 2000,
      batchNsgWrites: true,
      coalesceMs: 10,
    }),
  grants: z
    .strictObject({
      pendingTimeout: durationString.default("1h"),
      reminderAfter: durationString.default("15m"),
      expiryNotice: durationString.default("5m"),
      sweepEvery: durationString.default("1m"),
      roleCacheTtl: durationString.default("5m"),
      openTimeout: durationString.default("10m"),
      /** How long the audit stream keeps entries (days, e.g. 400d); older ones are trimmed. */
      auditRetention: durationString.default("400d"),
      maxLeadTime: durationString.default("7d"),
    })
    .default({
      pendingTimeout: "1h",
      reminderAfter: "15m",
      expiryNotice: "5m",
      sweepEvery: "1m",
      roleCacheTtl: "5m",
      openTimeout: "10m",
      auditRetention: "400d",
      maxLeadTime: "7d",
    }),
  /** Several VMs in one request (`/jit ssh vm-a vm-b …`, `rg-prod/web-*`). */
  requests: z
    .strictObject({ maxVmsPerRequest: z.number().int().min(1).max(50).default(10) })
    .default({ maxVmsPerRequest: 10 }),
  /** ajar's own HTTP listener: proxies in front of it whose X-Forwarded-For is believed (for `from me` links). */
  http: z.strictObject({ trustedProxies: z.array(z.string().min(1)).default([]) }).default({ trustedProxies: [] }),
  /** A list (source config), or `{ source, entries }` to look people up in Entra ID as well. */
  identities: z
    .union([
      z.array(identitySchema),
      z.strictObject({
        source: z.enum(["config", "entra"]).default("config"),
        entries: z.array(identitySchema).default([]),
      }),
    ])
    .default([]),
  entra: z.strictObject({ cacheTtl: durationString.default("5m"), allowGuests: z.boolean().default(false) }).optional(),
  policies: z.array(policySchema).min(1, "define at least one policy"),
});

export type FileConfig = z.infer<typeof fileSchema>;
