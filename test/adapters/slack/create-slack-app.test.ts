import { HTTPReceiver } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { createSlackApp } from "../../../src/adapters/slack/create-slack-app.js";
import type { Deps } from "../../../src/app/deps.js";
import { systemClock } from "../../../src/app/ports/clock.port.js";
import { silentLogger } from "../../../src/app/ports/logger.port.js";
import { demoSettings } from "../../../src/demo/demo-settings.js";
import { startSlackSimulator, type SlackSimulator } from "../../../src/simulators/slack/index.js";

// Registering listeners touches no port; anything a listener would call is missing on purpose.
const deps = { settings: demoSettings(), logger: silentLogger, clock: systemClock } as Partial<Deps> as Deps;

describe("createSlackApp", () => {
  let sim: SlackSimulator;
  beforeEach(async () => {
    sim = await startSlackSimulator({ botToken: "xoxb-test" });
  });
  afterEach(async () => {
    await sim.close();
  });

  it("builds a Socket Mode app when an app token is given, without a receiver and without connecting", async () => {
    const built = createSlackApp(deps, {
      botToken: sim.botToken,
      signingSecret: "unused-in-socket-mode",
      appToken: "xapp-1-A0TEST-1-secret",
      apiUrl: sim.apiUrl,
    });
    expect(built.app).toBeDefined();
    expect(built).not.toHaveProperty("receiver");
    // Bolt verifies the bot token at construction; Socket Mode only connects in start().
    await sim.waitForCall("auth.test");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sim.calls.map((c) => c.method)).toEqual(["auth.test"]);
  });

  it("builds an HTTP app with its receiver otherwise", async () => {
    const built = createSlackApp(deps, { botToken: sim.botToken, signingSecret: "secret", apiUrl: sim.apiUrl });
    expect(built.receiver).toBeInstanceOf(HTTPReceiver);
    await sim.waitForCall("auth.test");
  });
});
