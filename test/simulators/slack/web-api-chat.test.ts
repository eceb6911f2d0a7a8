import { webApi } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { startSlackSimulator, type SlackSimulator } from "../../../src/simulators/slack/index.js";

/** The error @slack/web-api throws for `ok: false`, reduced to what the tests look at. */
async function slackError(call: Promise<unknown>): Promise<{ code?: string; error?: unknown }> {
  try {
    await call;
  } catch (error) {
    const e = error as { code?: string; data?: { error?: unknown } };
    return { code: e.code, error: e.data?.error };
  }
  throw new Error("expected the call to fail");
}

describe("fake Slack Web API: messages", () => {
  let sim: SlackSimulator;
  let client: webApi.WebClient;

  beforeEach(async () => {
    sim = await startSlackSimulator({ botToken: "xoxb-sim", users: [{ id: "U100", name: "alice" }] });
    client = new webApi.WebClient(sim.botToken, { slackApiUrl: sim.apiUrl, retryConfig: { retries: 0 } });
  });

  afterEach(async () => {
    await sim.close();
  });

  it("records chat.postMessage then chat.update and keeps the message's history", async () => {
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "pending" } }];
    const posted = await client.chat.postMessage({ channel: "C1", text: "pending", blocks });
    const updated = await client.chat.update({ channel: "C1", ts: posted.ts ?? "", text: "approved", blocks: [] });

    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(posted).toMatchObject({
      ok: true,
      channel: "C1",
      message: { text: "pending", bot_id: sim.botId, user: sim.botUserId },
    });
    expect(updated).toMatchObject({ ok: true, channel: "C1", ts: posted.ts, text: "approved" });
    // @slack/web-api form-encodes and sends blocks as a JSON string; the recorded args hold them decoded.
    expect(sim.callsTo("chat.postMessage")[0]).toMatchObject({ encoding: "form", token: "xoxb-sim", args: { blocks } });
    expect(sim.calls.map((c) => c.method)).toEqual(["chat.postMessage", "chat.update"]);
    const message = sim.message("C1", posted.ts ?? "");
    expect(message).toMatchObject({ text: "approved", blocks: undefined, deleted: false });
    expect(message?.history.map((h) => [h.via, h.text])).toEqual([
      ["chat.postMessage", "pending"],
      ["chat.update", "approved"],
    ]);
  });

  it("gives strictly increasing, unique timestamps", async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) => client.chat.postMessage({ channel: "C1", text: `m${n}` })),
    );
    const sorted = results.map((r) => r.ts ?? "").sort();
    expect(new Set(sorted).size).toBe(4);
    expect(sim.messages.map((m) => m.ts)).toEqual(sorted);
  });

  it("answers message_not_found for chat.update on an unknown message", async () => {
    expect(await slackError(client.chat.update({ channel: "C1", ts: "1700000000.000100", text: "x" }))).toEqual({
      code: "slack_webapi_platform_error",
      error: "message_not_found",
    });
  });

  it("answers cant_update_message / cant_delete_message for a message a person wrote", async () => {
    const seeded = sim.seedMessage({ channel: "C1", text: "hello", user: "U100" });
    expect((await slackError(client.chat.update({ channel: "C1", ts: seeded.ts, text: "x" }))).error).toBe(
      "cant_update_message",
    );
    expect((await slackError(client.chat.delete({ channel: "C1", ts: seeded.ts }))).error).toBe("cant_delete_message");
  });

  it("deletes, after which the message can no longer be updated", async () => {
    const posted = await client.chat.postMessage({ channel: "C1", text: "x" });
    await expect(client.chat.delete({ channel: "C1", ts: posted.ts ?? "" })).resolves.toMatchObject({
      ok: true,
      ts: posted.ts,
    });
    expect(sim.message("C1", posted.ts ?? "")?.deleted).toBe(true);
    expect((await slackError(client.chat.update({ channel: "C1", ts: posted.ts ?? "", text: "y" }))).error).toBe(
      "message_not_found",
    );
  });

  it("posts to a user id through the IM channel conversations.open returns", async () => {
    const posted = await client.chat.postMessage({ channel: "U100", text: "your access expires soon" });
    const opened = await client.conversations.open({ users: "U100" });
    const again = await client.conversations.open({ users: "U100" });

    expect(posted.channel).toMatch(/^D/);
    expect(opened.channel?.id).toBe(posted.channel);
    expect(again).toMatchObject({ already_open: true, channel: { id: posted.channel } });
    expect(sim.dmChannelFor("U100")).toBe(posted.channel);
    expect((await slackError(client.chat.postMessage({ channel: "U999", text: "x" }))).error).toBe("channel_not_found");
    // Editing needs the IM id that postMessage returned, not the user id it was given.
    expect((await slackError(client.chat.update({ channel: "U100", ts: posted.ts ?? "", text: "y" }))).error).toBe(
      "channel_not_found",
    );
  });

  it("refuses an empty message and oversized button values like Slack", async () => {
    expect((await slackError(client.chat.postMessage({ channel: "C1", text: "" }))).error).toBe("no_text");
    const tooLong = [
      {
        type: "actions",
        elements: [
          { type: "button", action_id: "a", value: "x".repeat(2001), text: { type: "plain_text", text: "A" } },
        ],
      },
    ];
    expect((await slackError(client.chat.postMessage({ channel: "C1", text: "t", blocks: tooLong }))).error).toBe(
      "invalid_blocks",
    );
  });

  it("records ephemeral messages with their message_ts", async () => {
    const result = await client.chat.postEphemeral({ channel: "C1", user: "U100", text: "only you" });
    expect(result.message_ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(sim.ephemerals).toMatchObject([{ channel: "C1", user: "U100", ts: result.message_ts, text: "only you" }]);
    expect(sim.messages).toHaveLength(0);
  });

  it("lets a test wait for a call that has not happened yet", async () => {
    const waiting = sim.waitForCall("chat.postMessage", (call) => call.args.text === "later");
    setTimeout(() => void client.chat.postMessage({ channel: "C1", text: "later" }), 20);
    await expect(waiting).resolves.toMatchObject({ method: "chat.postMessage", args: { channel: "C1" } });
    await expect(sim.waitForCall("chat.delete", undefined, 50)).rejects.toThrow(
      /Timed out after 50 ms.*seen: chat.postMessage/,
    );
  });

  it("reset() forgets calls and messages but keeps IM ids", async () => {
    const posted = await client.chat.postMessage({ channel: "U100", text: "x" });
    sim.reset();
    expect([sim.calls.length, sim.messages.length]).toEqual([0, 0]);
    expect(sim.dmChannelFor("U100")).toBe(posted.channel);
  });
});
