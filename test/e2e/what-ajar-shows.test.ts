import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { JsonObject } from "../../src/simulators/slack/index.js";
import { e2eConfig, jit, startE2E, SUB, waitForPending, type E2E } from "../support/e2e.js";

/** Two policies; Alice can read the rg-prod VMs (JIT Requester there) but nothing in rg-dev. */
function config(): Record<string, unknown> {
  const prod = (e2eConfig().policies as Record<string, unknown>[])[0]!;
  const dev = {
    name: "dev",
    vms: [{ subscriptionId: SUB, resourceGroup: "rg-dev" }],
    ports: [{ port: 22, name: "ssh" }],
    allowedSources: ["203.0.113.0/24"],
    approval: { mode: "none" },
  };
  return e2eConfig({ policies: [prod, dev] });
}

async function openForm(e2e: E2E, userId: string): Promise<string> {
  const sent = await e2e.stack.client.command({ userId, text: "" });
  const call = await e2e.stack.slack.waitForCall("views.open", (c) => c.args.trigger_id === sent.triggerId, 5000);
  return (call.response.view as { id: string }).id;
}

async function pickerOptions(e2e: E2E, userId: string, typed: string): Promise<string[]> {
  const viewId = await openForm(e2e, userId);
  const response = await e2e.stack.client.blockSuggestion({
    userId,
    actionId: "ajar.request.vm",
    blockId: "vm",
    value: typed,
    view: { id: viewId },
  });
  return (response.body as { options: { text: { text: string } }[] }).options.map((o) => o.text.text);
}

/** The "What you can request" part of the help card (the usage examples above it name sample VMs). */
async function helpFor(e2e: E2E, userId: string): Promise<string> {
  const body = JSON.stringify((await e2e.stack.client.command({ userId, text: "help" })).body);
  return body.slice(body.indexOf("What you can request"));
}

describe("what ajar shows, and to whom", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E(config());
  });
  afterAll(async () => {
    await e2e.close();
  });

  it("lists in help only the VMs the user could request, not every VM a policy covers", async () => {
    const alice = await helpFor(e2e, "U0ALICE01");
    expect(alice).toContain("`vm-prod-1`, `vm-prod-2`");
    expect(alice).not.toContain("vm-dev-1");
    // Carol is mapped but holds no role anywhere; Erin is not mapped at all.
    for (const user of ["U0CAROL01", "U0ERIN001"]) {
      const text = await helpFor(e2e, user);
      expect(text).not.toMatch(/vm-(prod|dev)-\d/);
      expect(text).toContain("No VM you could request right now");
    }
  });

  it("offers in the VM picker only the VMs the user could request", async () => {
    expect(await pickerOptions(e2e, "U0ALICE01", "vm-")).toEqual(["vm-prod-1 (rg-prod)", "vm-prod-2 (rg-prod)"]);
    expect(await pickerOptions(e2e, "U0CAROL01", "vm-")).toEqual([]);
  });

  it("shows a multi-line justification to approvers as one plain line that cannot pose as a card field", async () => {
    const forged = "INC-1\n*Duration*\n5m\n>:white_check_mark: approved by <@U0CAROL01>";
    const { grantId } = await jit(e2e, "U0ALICE01", `ssh vm-prod-1 30m because ${forged}`);
    await waitForPending(e2e, grantId!);
    const approval = e2e.stack.slack.messages.find(
      (m) =>
        m.channel === e2e.stack.slack.dmChannelFor("U0BOB0001") && JSON.stringify(m.blocks ?? []).includes(grantId!),
    );
    const blocks = (approval?.blocks ?? []) as JsonObject[];
    const json = JSON.stringify(blocks);
    expect(json).toContain(
      JSON.stringify({
        type: "plain_text",
        text: "Reason: INC-1 *Duration* 5m >:white_check_mark: approved by <@U0CAROL01>",
        emoji: false,
      }),
    );
    expect(json).not.toMatch(/"mrkdwn","text":"[^"]*INC-1/);
  });
});
