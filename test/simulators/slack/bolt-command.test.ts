import type { SlashCommand } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { startSlackSimulator, type SlackSimulator } from "../../../src/simulators/slack/index.js";
import { createBoltApp, listen, type BoltHarness } from "./bolt-harness.js";

describe("signed slash commands against a real Bolt app", () => {
  let sim: SlackSimulator;
  let bolt: BoltHarness;
  const received: SlashCommand[] = [];

  beforeEach(async () => {
    received.length = 0;
    sim = await startSlackSimulator({ botToken: "xoxb-sim", users: [{ id: "U100", name: "alice" }] });
    const app = createBoltApp(sim);
    app.command("/jit", async ({ command, ack, respond }) => {
      received.push(command);
      await ack();
      await respond({ text: `asked for: ${command.text}`, response_type: "ephemeral" });
    });
    bolt = await listen(app, sim);
  });

  afterEach(async () => {
    await bolt.stop();
    await sim.close();
  });

  it("delivers the command to app.command and routes respond() to the simulator's response_url", async () => {
    const result = await bolt.client.command({ userId: "U100", text: "vm-1 ssh 1h" });

    expect(result.status).toBe(200);
    const post = await sim.waitForResponse((p) => p.url === result.responseUrl);
    expect(post.text).toBe("asked for: vm-1 ssh 1h");
    expect(post.response_type).toBe("ephemeral");
    expect(received[0]).toMatchObject({
      command: "/jit",
      text: "vm-1 ssh 1h",
      user_id: "U100",
      user_name: "alice",
      team_id: sim.teamId,
      response_url: result.responseUrl,
      trigger_id: result.triggerId,
    });
    // An ephemeral response shows up as an ephemeral message for the caller only.
    expect(sim.ephemerals).toMatchObject([{ user: "U100", channel: "C0SIMGENRL", via: "response_url" }]);
    // Bolt verified its token once at construction.
    expect(sim.callsTo("auth.test")).toHaveLength(1);
  });

  it("keeps form-encoded text intact", async () => {
    const text = "vm-1 a+b & c=d 100% ü";
    const result = await bolt.client.command({ userId: "U100", text });
    await sim.waitForResponse((p) => p.url === result.responseUrl);
    expect(received[0]?.text).toBe(text);
  });

  it("refuses a wrong signature with 401", async () => {
    const result = await bolt.client.command({ userId: "U100", text: "x" }, { signingSecret: "not-the-secret" });
    expect(result.status).toBe(401);
    expect(received).toHaveLength(0);
  });

  it("refuses a request signed six minutes ago with 401", async () => {
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const result = await bolt.client.command({ userId: "U100", text: "x" }, { timestampSec: sixMinutesAgo });
    expect(result.status).toBe(401);
    expect(received).toHaveLength(0);
  });

  it("accepts a request signed four minutes ago", async () => {
    const fourMinutesAgo = Math.floor(Date.now() / 1000) - 4 * 60;
    const result = await bolt.client.command({ userId: "U100", text: "x" }, { timestampSec: fourMinutesAgo });
    expect(result.status).toBe(200);
    // The listener keeps working after ack(); let it finish before the simulator closes.
    await sim.waitForResponse((p) => p.url === result.responseUrl);
  });

  it("refuses requests without signature headers with 401", async () => {
    const noSignature = await bolt.client.command({ userId: "U100", text: "x" }, { omitSignature: true });
    const noTimestamp = await bolt.client.command({ userId: "U100", text: "x" }, { omitTimestamp: true });
    expect([noSignature.status, noTimestamp.status]).toEqual([401, 401]);
  });

  it("answers Slack's url_verification challenge", async () => {
    const result = await bolt.client.urlVerification("challenge-123");
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ challenge: "challenge-123" });
  });
});

describe("respond() to a slash command's response_url", () => {
  it("lets a later respond() replace the first ephemeral response", async () => {
    const sim = await startSlackSimulator({ botToken: "xoxb-sim" });
    const app = createBoltApp(sim);
    app.command("/jit", async ({ ack, respond }) => {
      await ack();
      await respond("checking your access...");
      await respond({ replace_original: true, text: "access granted until 14:00" });
    });
    const bolt = await listen(app, sim);
    try {
      const result = await bolt.client.command({ userId: "U100", text: "" });
      await sim.waitForResponse((p) => p.url === result.responseUrl && p.replace_original);
      expect(sim.ephemerals).toHaveLength(1);
      expect(sim.ephemerals[0]?.text).toBe("access granted until 14:00");
      expect(sim.ephemerals[0]?.history.map((h) => h.text)).toEqual([
        "checking your access...",
        "access granted until 14:00",
      ]);
    } finally {
      await bolt.stop();
      await sim.close();
    }
  });
});

describe("ack payloads with processBeforeResponse", () => {
  it("returns the ack body only after the listener finished", async () => {
    const sim = await startSlackSimulator({ botToken: "xoxb-sim" });
    const app = createBoltApp(sim, { processBeforeResponse: true });
    let listenerFinished = false;
    app.command("/jit", async ({ ack, client }) => {
      await ack({ text: "working on it" });
      await client.chat.postMessage({ channel: "C1", text: "audit" });
      listenerFinished = true;
    });
    const bolt = await listen(app, sim);
    try {
      const result = await bolt.client.command({ userId: "U100", text: "" });
      expect(result.body).toEqual({ text: "working on it" });
      expect(listenerFinished).toBe(true);
      expect(sim.callsTo("chat.postMessage")).toHaveLength(1);
    } finally {
      await bolt.stop();
      await sim.close();
    }
  });
});
