import { writeFileSync } from "node:fs";

import { afterEach, describe, expect, it } from "vitest";

import { readManifestScopes } from "../../src/ops/doctor/manifest-scopes.js";
import { checkSlack } from "../../src/ops/doctor/slack-checks.js";
import { startSlackSimulator, type SlackSimulator } from "../../src/simulators/slack/index.js";
import { writeConfig } from "./support/ops-fixture.js";

const TOKEN = "xoxb-doctor-test";
const MANIFEST_SCOPES = ["commands", "chat:write", "im:write", "users:read", "users:read.email", "usergroups:read"];

describe("doctor: Slack", () => {
  let slack: SlackSimulator | undefined;
  afterEach(async () => {
    await slack?.close();
    slack = undefined;
  });

  it("reads the scopes ajar needs from manifest.yml", () => {
    expect(readManifestScopes()).toEqual(MANIFEST_SCOPES);
  });

  it("passes a valid token that carries every manifest scope", async () => {
    slack = await startSlackSimulator({ botToken: TOKEN });
    const results = await checkSlack({ botToken: TOKEN, apiUrl: slack.apiUrl });
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      ["slack auth", true],
      ["slack scopes", true],
    ]);
    expect(slack.callsTo("auth.test")).toHaveLength(1);
  });

  it("fails a wrong token with where to find the right one", async () => {
    slack = await startSlackSimulator({ botToken: TOKEN });
    const [auth, scopes] = await checkSlack({ botToken: "xoxb-someone-elses", apiUrl: slack.apiUrl });
    expect(auth).toMatchObject({ name: "slack auth", ok: false, detail: "auth.test answered invalid_auth" });
    expect(auth!.fix).toContain("Bot User OAuth Token");
    expect(scopes).toMatchObject({ name: "slack scopes", note: "skip" });
  });

  it("names the scopes the installed token lacks", async () => {
    slack = await startSlackSimulator({
      botToken: TOKEN,
      scopes: ["commands", "chat:write", "im:write", "users:read"],
    });
    const scopes = (await checkSlack({ botToken: TOKEN, apiUrl: slack.apiUrl }))[1]!;
    expect(scopes.ok).toBe(false);
    expect(scopes.detail).toBe("token lacks users:read.email, usergroups:read");
    expect(scopes.fix).toContain("reinstall");
  });

  it("compares against the manifest it is given", async () => {
    const file = writeConfig("");
    try {
      writeFileSync(file.path, "oauth_config:\n  scopes:\n    bot: [commands, reactions:write]\n");
      slack = await startSlackSimulator({ botToken: TOKEN });
      const scopes = (await checkSlack({ botToken: TOKEN, apiUrl: slack.apiUrl, manifestPath: file.path }))[1]!;
      expect(scopes).toMatchObject({ ok: false, detail: "token lacks reactions:write" });
    } finally {
      file.remove();
    }
  });

  it("fails without a token, and when Slack cannot be reached", async () => {
    expect((await checkSlack({}))[0]).toMatchObject({
      name: "slack auth",
      ok: false,
      detail: "SLACK_BOT_TOKEN is not set",
    });
    const unreachable = await checkSlack({ botToken: TOKEN, apiUrl: "http://127.0.0.1:1/api/", timeoutMs: 1000 });
    expect(unreachable[0]).toMatchObject({ name: "slack auth", ok: false });
  });
});
