import { GRANT_ID_SOURCE } from "../domain/grant/grant-id.js";
import type { Grant } from "../domain/grant/grant.js";
import type { SimRuleView } from "../simulators/azure/index.js";
import { DEMO_CHANNEL, DEMO_USERS, demoSettings } from "./demo-settings.js";
import { startLocalStack } from "./local-stack.js";
import { until } from "./until.js";

const NIC_NSG =
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-prod/providers/Microsoft.Network/networkSecurityGroups/nsg-vm-prod-1";

const say = (step: string, text: string): void => console.log(`\n== ${step}\n${text}`);
const table = (rules: SimRuleView[]): string =>
  rules
    .sort((a, b) => a.priority - b.priority)
    .map(
      (r) =>
        `  ${String(r.priority).padStart(4)} ${r.access.padEnd(5)} ${(r.destinationPortRange ?? r.destinationPortRanges?.join(",") ?? "*").padEnd(10)} from ${(r.sourceAddressPrefix ?? r.sourceAddressPrefixes?.join(",") ?? "*").padEnd(18)} ${r.name}`,
    )
    .join("\n") || "  (no custom rules)";

/**
 * The whole grant lifecycle on one machine: a private redis-server, the ARM and Slack simulators, a
 * worker and the real Bolt endpoint, driven by signed requests exactly as Slack sends them.
 */
export async function runDemo(options: { durationSeconds?: number } = {}): Promise<void> {
  const duration = options.durationSeconds ?? 8;
  const stack = await startLocalStack({
    settings: demoSettings({ entra: { cacheTtl: "5m" } }),
    slackUsers: DEMO_USERS,
    azure: { operationDelayMs: 150 },
  });
  try {
    say(
      "start",
      `redis ${stack.redis?.url}, ARM simulator ${stack.azure.url}, Slack simulator ${stack.slack.url}, ajar ${stack.web.url}`,
    );
    // Workers lock covered VMs down in the background as they start.
    await until(
      "the start-up lock-down",
      () =>
        stack.azure
          .getRules(NIC_NSG)
          .some((r) => r.name.startsWith("ajar-lockdown-") && r.provisioningState === "Succeeded"),
      30_000,
    );
    const before = stack.azure.getRules(NIC_NSG);
    say(
      "lock-down",
      `ajar made sure the management ports of every covered VM are closed. NSG nsg-vm-prod-1 now:\n${table(before)}`,
    );

    const text = `ssh vm-prod-1 ${duration}s from 203.0.113.7 because demo: rotate logs`;
    const reply = await stack.client.command({ userId: "U0ALICE01", userName: "alice", text });
    say(
      "1. request",
      `alice types: /jit ${text}\najar answers (ephemeral): ${JSON.stringify((reply.body as { text?: string })?.text ?? reply.body)}`,
    );

    const approval = await stack.slack.waitForCall(
      "chat.postMessage",
      (c) => JSON.stringify(c.args.blocks ?? "").includes("ajar.approve"),
      30_000,
    );
    say(
      "2. approval message",
      `posted to ${String(approval.args.channel)} (bob's DM):\n  ${String(approval.args.text)}`,
    );

    const grantId = new RegExp(GRANT_ID_SOURCE).exec(String(approval.args.text))![0];
    const click = await stack.client.blockAction({
      userId: "U0BOB0001",
      actionId: "ajar.approve",
      value: grantId,
      message: { ts: String(approval.response.ts), channel: String(approval.response.channel) },
    });
    say("3. approve", `bob clicks Approve (HTTP ${click.status}); ajar checks bob is an approver for ${grantId}`);

    const opened = await until(
      "the rule to open",
      async () => {
        const g = await stack.runtime.deps.store.get(grantId);
        return g?.status === "active" ? g : undefined;
      },
      60_000,
    );
    say("4. rule in the NSG", `open until ${opened.expiresAt}:\n${table(stack.azure.getRules(NIC_NSG))}`);

    const closed: Grant = await until(
      "expiry",
      async () => {
        const g = await stack.runtime.deps.store.get(grantId);
        return g?.status === "closed" ? g : undefined;
      },
      (duration + 30) * 1000,
    );
    say(
      "5. expiry",
      `closed at ${closed.closedAt} (${closed.closeReason}); NSG nsg-vm-prod-1 now:\n${table(stack.azure.getRules(NIC_NSG))}`,
    );

    const notice = await stack.slack.waitForCall(
      "chat.postMessage",
      (c) => c.args.channel === DEMO_CHANNEL && String(c.args.text).includes("closed"),
      10_000,
    );
    say("6. notification", `#${DEMO_CHANNEL}: ${String(notice.args.text)}`);

    const after = stack.azure.getRules(NIC_NSG);
    const same = JSON.stringify(after.map((r) => r.name).sort()) === JSON.stringify(before.map((r) => r.name).sort());
    say(
      "done",
      same ? "The NSG is exactly as it was before the request." : "WARNING: the NSG differs from before the request.",
    );
    const audit = await stack.runtime.deps.audit.read({});
    say("audit", audit.map((e) => `  ${e.at} ${e.event.padEnd(10)} ${e.grantId} by ${e.actor}`).join("\n"));
    if (!same) process.exitCode = 1;
  } finally {
    await stack.close();
  }
}
