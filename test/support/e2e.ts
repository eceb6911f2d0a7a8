import { fileURLToPath } from "node:url";

import { RedisIntakeDrain } from "../../src/adapters/redis/redis-intake-drain.js";
import { parseConfig } from "../../src/config/load-config.js";
import { DEMO_USERS } from "../../src/demo/demo-settings.js";
import { startLocalStack, type LocalStack, type LocalStackOptions } from "../../src/demo/local-stack.js";
import { until } from "../../src/demo/until.js";
import type { Grant, GrantStatus } from "../../src/domain/grant/grant.js";
import { createTestRedis, deleteKeys, testRedisUrl, uniquePrefix } from "./redis.js";

export { until };

export const SUB = "00000000-0000-0000-0000-000000000001";
export const NIC_NSG = `/subscriptions/${SUB}/resourceGroups/rg-prod/providers/Microsoft.Network/networkSecurityGroups/nsg-vm-prod-1`;
export const SUBNET_NSG = `/subscriptions/${SUB}/resourceGroups/rg-prod/providers/Microsoft.Network/networkSecurityGroups/nsg-snet-app`;
export const E2E_SEED = fileURLToPath(new URL("../e2e/fixtures/e2e-seed.yaml", import.meta.url));

export const USERS = [
  ...DEMO_USERS,
  { id: "U0DAVE001", name: "dave", realName: "Dave Denied" },
  { id: "U0ERIN001", name: "erin", realName: "Erin Unmapped" },
];

/** The estate the end-to-end tests run on: short durations so expiry happens within a test. */
export function e2eConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    slack: { notifyChannel: "C0JITNOTE" },
    azure: { subscriptions: [SUB], pollIntervalMs: 20 },
    grants: { pendingTimeout: "1h", reminderAfter: "15m", expiryNotice: "0s", sweepEvery: "1h" },
    identities: [
      {
        slackUserId: "U0ALICE01",
        objectId: "11111111-1111-1111-1111-111111111111",
        manager: "U0BOB0001",
        defaultSource: "203.0.113.7",
      },
      { email: "bob@example.com", objectId: "22222222-2222-2222-2222-222222222222" },
      { slackUserId: "U0CAROL01", objectId: "33333333-3333-3333-3333-333333333333", defaultSource: "203.0.113.9" },
      { slackUserId: "U0DAVE001", objectId: "55555555-5555-5555-5555-555555555555", defaultSource: "203.0.113.10" },
    ],
    policies: [
      {
        name: "prod-linux",
        vms: [{ subscriptionId: SUB, resourceGroup: "rg-prod", namePattern: "vm-prod-*" }],
        ports: [{ port: 22, name: "ssh" }],
        duration: { min: "1s", default: "30m", max: "3h" },
        allowedSources: ["203.0.113.0/24"],
        approval: { mode: "approvers", users: ["U0BOB0001", "U0CAROL01"], minApprovals: 1 },
      },
    ],
    ...overrides,
  };
}

export interface E2E {
  stack: LocalStack;
  prefix: string;
  close(): Promise<void>;
}

export async function startE2E(
  config: Record<string, unknown> = e2eConfig(),
  options: Partial<LocalStackOptions> = {},
): Promise<E2E> {
  const prefix = `${uniquePrefix("e2e")}:`;
  const stack = await startLocalStack({
    settings: parseConfig(config, "test configuration"),
    redisUrl: testRedisUrl(),
    prefix,
    slackUsers: USERS,
    azure: { seedPath: E2E_SEED, operationDelayMs: 20 },
    armPollIntervalMs: 10,
    worker: { lockDurationMs: 2000, stalledIntervalMs: 1000 },
    ...options,
  });
  // Without a worker nothing would move requests from the intake onto the queue, where tests look for their jobs.
  const { runtime } = stack;
  const drain = stack.worker
    ? undefined
    : new RedisIntakeDrain(runtime.redis, prefix, runtime.deps.jobs, runtime.deps.logger);
  await drain?.start();
  return {
    stack,
    prefix,
    async close() {
      await drain?.stop();
      await stack.close();
      const redis = createTestRedis();
      await deleteKeys(redis, prefix);
      redis.disconnect();
    },
  };
}

export function waitForStatus<S extends GrantStatus>(
  e2e: E2E,
  grantId: string,
  status: S,
  timeoutMs?: number,
): Promise<Grant & { status: S }> {
  return until(
    `${grantId} to become ${status}`,
    async () => {
      const grant = await e2e.stack.runtime.deps.store.get(grantId);
      return grant?.status === status ? (grant as Grant & { status: S }) : undefined;
    },
    timeoutMs,
  );
}

/** Sends `/jit <text>` as the user and returns the grant id from ajar's answer (or the answer when there is none). */
export async function jit(
  e2e: E2E,
  userId: string,
  text: string,
): Promise<{ grantId?: string; reply: string; status: number }> {
  const response = await e2e.stack.client.command({ userId, userName: userId.toLowerCase(), text });
  const body = response.body as { text?: string } | string | undefined;
  const reply = typeof body === "string" ? body : (body?.text ?? "");
  const grantId = /Request `(g-[a-z2-7]{10})` received/.exec(reply)?.[1];
  return { ...(grantId ? { grantId } : {}), reply, status: response.status };
}

/**
 * Clicks a button the way Slack sends it: on the newest message showing that grant's button, in the
 * clicker's own DM when there is one (else on whichever message has it: a forged click).
 */
export async function click(e2e: E2E, userId: string, actionId: string, grantId: string) {
  const { slack } = e2e.stack;
  const showsButton = (m: { blocks?: unknown; deleted: boolean }) =>
    !m.deleted && JSON.stringify(m.blocks ?? []).includes(actionId) && JSON.stringify(m.blocks ?? []).includes(grantId);
  const mine = slack.messages.filter((m) => m.channel === slack.dmChannelFor(userId) && showsButton(m)).at(-1);
  const any = mine ?? [...slack.messages].reverse().find((m) => JSON.stringify(m.blocks ?? []).includes(grantId));
  const response = await e2e.stack.client.blockAction({
    userId,
    actionId,
    value: grantId,
    ...(any ? { message: { ts: any.ts, channel: any.channel } } : { responseUrl: slack.responseUrl({ userId }) }),
  });
  const reply = await slack.waitForResponse((r) => r.url === response.responseUrl, 10_000);
  return { status: response.status, text: reply.text ?? "" };
}

export const allowRules = (e2e: E2E, nsgId: string) =>
  e2e.stack.azure.getRules(nsgId).filter((r) => r.access === "Allow" && r.name.startsWith("ajar-g-"));

/** DMs the bot sent to a user, newest last. */
export function dmsTo(e2e: E2E, userId: string): string[] {
  const channel = e2e.stack.slack.dmChannelFor(userId);
  return e2e.stack.slack
    .callsTo("chat.postMessage")
    .filter((c) => c.args.channel === channel)
    .map((c) => String(c.args.text));
}

/**
 * Waits until a request is pending and ajar has finished announcing it (approval messages posted,
 * requester told, every approver's App Home republished), so clicks land on real messages.
 */
export async function waitForPending(e2e: E2E, grantId: string): Promise<Grant> {
  const pending = await waitForStatus(e2e, grantId, "pending");
  await until("the pending announcement", () =>
    pending.approval.eligible.every((u) => JSON.stringify(e2e.stack.slack.homeView(u)?.blocks ?? []).includes(grantId)),
  );
  return (await e2e.stack.runtime.deps.store.get(grantId))!;
}

/** ajar's lock-down rule for a VM in an NSG (named per VM resource: `ajar-lockdown-<name>-<hash>`). */
export const lockdownRule = (e2e: E2E, nsgId: string, vmName: string) =>
  e2e.stack.azure.getRules(nsgId).find((r) => r.name.startsWith(`ajar-lockdown-${vmName}-`) && r.access === "Deny");

/** The start-up sweep locks covered VMs down in the background: wait for it. */
export function waitForLockdown(e2e: E2E, nsgId: string, vmName: string, timeoutMs = 10_000) {
  return until(
    `the lock-down of ${vmName} in ${nsgId.split("/").pop()}`,
    () => lockdownRule(e2e, nsgId, vmName),
    timeoutMs,
  );
}

/** ARM writes ajar made to one NSG (rule writes and whole-NSG writes alike). */
export const armWritesTo = (e2e: E2E, nsgId: string) =>
  e2e.stack.azure
    .writeLog()
    .filter(
      (w) =>
        w.source === "arm" &&
        w.nsgId?.toLowerCase() === nsgId.toLowerCase() &&
        (w.method === "PUT" || w.method === "DELETE"),
    );

/** Reconciles scheduled at grants' ends (entries of the due set). */
export async function endReconciles(e2e: E2E): Promise<{ nsgId: string; notBefore: number }[]> {
  return (await e2e.stack.runtime.due.list()).flatMap(({ entry }) =>
    entry.kind === "end" ? [{ nsgId: entry.nsgId, notBefore: entry.notBefore }] : [],
  );
}

/** Grant jobs waiting for their time in the due set (reminders, expiries, later opens, heads-ups). */
export async function dueGrantJobs(e2e: E2E): Promise<{ name: string; grantId: string; round?: number }[]> {
  return (await e2e.stack.runtime.due.list()).flatMap(({ entry }) =>
    entry.kind === "grant"
      ? [{ name: entry.name, grantId: entry.grantId, ...(entry.round !== undefined ? { round: entry.round } : {}) }]
      : [],
  );
}
