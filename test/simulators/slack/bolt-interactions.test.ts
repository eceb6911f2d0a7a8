import type { App, BlockAction, ButtonAction, types } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { startSlackSimulator, type SlackSimulator } from "../../../src/simulators/slack/index.js";
import { createBoltApp, listen, type BoltHarness } from "./bolt-harness.js";

const approvalBlocks = [
  { type: "section", block_id: "summary", text: { type: "mrkdwn", text: "alice wants ssh on vm-1" } },
  {
    type: "actions",
    block_id: "decision",
    elements: [
      {
        type: "button",
        action_id: "approve",
        value: "req-1",
        style: "primary",
        text: { type: "plain_text", text: "Approve" },
      },
      { type: "button", action_id: "deny", value: "req-1", text: { type: "plain_text", text: "Deny" } },
    ],
  },
];

const modal: types.ModalView = {
  type: "modal",
  callback_id: "jit_request",
  private_metadata: JSON.stringify({ vm: "vm-1" }),
  title: { type: "plain_text", text: "Request access" },
  submit: { type: "plain_text", text: "Request" },
  blocks: [
    {
      type: "input",
      block_id: "duration",
      label: { type: "plain_text", text: "Hours" },
      element: { type: "plain_text_input", action_id: "hours" },
    },
    {
      type: "input",
      block_id: "target",
      label: { type: "plain_text", text: "VM" },
      element: { type: "external_select", action_id: "vm", min_query_length: 0 },
    },
  ],
};

describe("interactions against a real Bolt app", () => {
  let sim: SlackSimulator;
  let app: App;
  let bolt: BoltHarness;

  beforeEach(async () => {
    sim = await startSlackSimulator({
      botToken: "xoxb-sim",
      users: [
        { id: "U100", name: "alice" },
        { id: "U200", name: "bob" },
      ],
    });
    app = createBoltApp(sim);
  });

  afterEach(async () => {
    await bolt.stop();
    await sim.close();
  });

  it("delivers a button click to app.action, with the message the bot posted", async () => {
    const clicks: BlockAction<ButtonAction>[] = [];
    app.action<BlockAction<ButtonAction>>("approve", async ({ ack, body, respond }) => {
      await ack();
      clicks.push(body);
      await respond({ replace_original: true, text: "Approved by bob" });
    });
    bolt = await listen(app, sim);
    const posted = await app.client.chat.postMessage({
      channel: "C777",
      text: "approval needed",
      blocks: approvalBlocks,
    });

    const result = await bolt.client.blockAction({
      userId: "U200",
      actionId: "approve",
      message: { channel: "C777", ts: posted.ts ?? "" },
    });

    expect(result.status).toBe(200);
    await sim.waitForResponse((p) => p.url === result.responseUrl);
    expect(clicks[0]?.actions[0]).toMatchObject({
      action_id: "approve",
      block_id: "decision",
      value: "req-1",
      type: "button",
    });
    expect(clicks[0]?.message?.ts).toBe(posted.ts);
    expect(clicks[0]?.user).toMatchObject({ id: "U200", username: "bob" });
    // replace_original through the response_url rewrote the original message.
    const message = sim.message("C777", posted.ts ?? "");
    expect(message?.text).toBe("Approved by bob");
    expect(message?.history.map((h) => h.via)).toEqual(["chat.postMessage", "response_url"]);
  });

  it("delivers a click on an ephemeral message without the message, and replaces it via response_url", async () => {
    const clicks: BlockAction[] = [];
    app.action("approve", async ({ ack, body, respond }) => {
      await ack();
      clicks.push(body as BlockAction);
      await respond({ replace_original: true, text: "done" });
    });
    bolt = await listen(app, sim);
    const { message_ts: ts = "" } = await app.client.chat.postEphemeral({
      channel: "C777",
      user: "U100",
      text: "approve?",
      blocks: approvalBlocks,
    });

    const result = await bolt.client.blockAction({
      userId: "U100",
      actionId: "approve",
      message: { channel: "C777", ts },
      ephemeral: true,
    });

    await sim.waitForResponse((p) => p.url === result.responseUrl);
    expect(clicks[0]?.container).toEqual({ type: "message", message_ts: ts, channel_id: "C777", is_ephemeral: true });
    expect(clicks[0]?.message).toBeUndefined();
    expect(sim.ephemerals[0]?.text).toBe("done");
  });

  it("delivers a click inside a modal with the view as the app last set it", async () => {
    const views: unknown[] = [];
    app.action("vm", async ({ ack, body }) => {
      await ack();
      views.push((body as BlockAction).view);
    });
    bolt = await listen(app, sim);
    const opened = await app.client.views.open({ trigger_id: sim.triggerId("U100"), view: modal });
    const viewId = opened.view?.id ?? "";

    const result = await bolt.client.blockAction({
      userId: "U100",
      actionId: "vm",
      view: { id: viewId },
      selectedOption: { text: "vm-1", value: "vm-1" },
    });

    expect(result.status).toBe(200);
    expect(result.responseUrl).toBeUndefined();
    expect(views[0]).toMatchObject({
      id: viewId,
      callback_id: "jit_request",
      private_metadata: JSON.stringify({ vm: "vm-1" }),
    });
  });

  it("returns response_action errors from a view submission to the client", async () => {
    app.command("/jit", async ({ ack, body, client }) => {
      await ack();
      await client.views.open({ trigger_id: body.trigger_id, view: modal });
    });
    app.view("jit_request", async ({ ack, view }) => {
      const hours = view.state.values.duration?.hours?.value ?? "";
      if (!/^\d+$/.test(hours)) {
        await ack({ response_action: "errors", errors: { duration: "Hours must be a whole number" } });
        return;
      }
      await ack();
    });
    bolt = await listen(app, sim);

    await bolt.client.command({ userId: "U100", text: "" });
    const opened = await sim.waitForCall("views.open");
    const viewId = String((opened.response.view as { id: string }).id);
    expect(sim.view(viewId)).toMatchObject({ callback_id: "jit_request", user_id: "U100", type: "modal" });

    const result = await bolt.client.viewSubmission({
      userId: "U100",
      view: { id: viewId, state: { values: { duration: { hours: { type: "plain_text_input", value: "two" } } } } },
    });

    expect(result.status).toBe(200);
    expect(result.body).toEqual({ response_action: "errors", errors: { duration: "Hours must be a whole number" } });
  });

  it("answers a block_suggestion with the options the app returns", async () => {
    app.options<"block_suggestion">({ action_id: "vm" }, async ({ ack, options }) => {
      const all = ["vm-1", "vm-2", "db-1"].filter((name) => name.startsWith(options.value));
      await ack({ options: all.map((name) => ({ text: { type: "plain_text", text: name }, value: name })) });
    });
    bolt = await listen(app, sim);

    const result = await bolt.client.blockSuggestion({
      userId: "U100",
      actionId: "vm",
      blockId: "target",
      value: "vm",
    });

    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      options: [
        { text: { type: "plain_text", text: "vm-1" }, value: "vm-1" },
        { text: { type: "plain_text", text: "vm-2" }, value: "vm-2" },
      ],
    });
  });

  it("publishes the Home tab on app_home_opened", async () => {
    app.event("app_home_opened", async ({ event, client }) => {
      await client.views.publish({
        user_id: event.user,
        view: { type: "home", blocks: [{ type: "section", text: { type: "mrkdwn", text: "Your grants" } }] },
      });
    });
    bolt = await listen(app, sim);

    const result = await bolt.client.event({ event: { type: "app_home_opened", user: "U100", tab: "home" } });

    expect(result.status).toBe(200);
    const call = await sim.waitForCall("views.publish");
    expect(call.args).toMatchObject({ user_id: "U100", view: { type: "home" } });
    expect(sim.homeView("U100")?.blocks).toHaveLength(1);
  });
});
