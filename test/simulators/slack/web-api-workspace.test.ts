import { webApi } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { startSlackSimulator, type SlackSimulator } from "../../../src/simulators/slack/index.js";

async function errorOf(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return (error as { data?: { error?: unknown } }).data?.error ?? (error as Error).message;
  }
  throw new Error("expected the call to fail");
}

const modal = { type: "modal" as const, title: { type: "plain_text" as const, text: "Request" }, blocks: [] };

describe("fake Slack Web API: auth, directory, views, faults", () => {
  let sim: SlackSimulator;
  let client: webApi.WebClient;

  beforeEach(async () => {
    sim = await startSlackSimulator({
      botToken: "xoxb-sim",
      scopes: ["chat:write", "users:read"],
      users: [
        {
          id: "U100",
          name: "alice",
          realName: "Alice Admin",
          email: "alice@example.com",
          tz: "Europe/Amsterdam",
          tzOffset: 3600,
        },
        { id: "U200", name: "bob", email: "bob@example.com", deleted: true },
      ],
      usergroups: [{ id: "S1", handle: "ops-approvers", users: ["U100"] }],
    });
    client = new webApi.WebClient(sim.botToken, { slackApiUrl: sim.apiUrl, retryConfig: { retries: 0 } });
  });

  afterEach(async () => {
    await sim.close();
  });

  it("answers auth.test with the bot identity and the scopes header", async () => {
    const result = await client.auth.test();
    expect(result).toMatchObject({
      ok: true,
      team_id: sim.teamId,
      user_id: sim.botUserId,
      bot_id: sim.botId,
      url: "https://ajar-sim.slack.com/",
    });
    expect(result.response_metadata?.scopes).toEqual(["chat:write", "users:read"]);
  });

  it("turns a wrong token into invalid_auth and a missing one into not_authed", async () => {
    const wrong = new webApi.WebClient("xoxb-wrong", { slackApiUrl: sim.apiUrl, retryConfig: { retries: 0 } });
    await expect(wrong.chat.postMessage({ channel: "C1", text: "x" })).rejects.toMatchObject({
      code: "slack_webapi_platform_error",
      data: { ok: false, error: "invalid_auth" },
    });
    const anonymous = await fetch(`${sim.apiUrl}auth.test`, { method: "POST" });
    expect([anonymous.status, await anonymous.json()]).toEqual([200, { ok: false, error: "not_authed" }]);
    expect(sim.callsTo("chat.postMessage")[0]).toMatchObject({ token: "xoxb-wrong", status: 200 });
  });

  it("takes JSON bodies with a bearer token, but not a token inside the JSON", async () => {
    const post = (headers: Record<string, string>, body: object) =>
      fetch(`${sim.apiUrl}chat.postMessage`, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8", ...headers },
        body: JSON.stringify(body),
      }).then((r) => r.json());
    await expect(post({ authorization: "Bearer xoxb-sim" }, { channel: "C1", text: "hi" })).resolves.toMatchObject({
      ok: true,
    });
    await expect(post({}, { token: "xoxb-sim", channel: "C1", text: "hi" })).resolves.toEqual({
      ok: false,
      error: "not_authed",
    });
    expect(sim.callsTo("chat.postMessage")[0]?.encoding).toBe("json");
  });

  it("answers unknown_method for methods it does not know", async () => {
    expect(await errorOf(client.apiCall("admin.nonsense.do"))).toBe("unknown_method");
  });

  it("looks users up by id and e-mail, usergroups by id", async () => {
    const info = await client.users.info({ user: "U100" });
    expect(info.user).toMatchObject({
      id: "U100",
      name: "alice",
      real_name: "Alice Admin",
      tz: "Europe/Amsterdam",
      tz_offset: 3600,
      is_bot: false,
      deleted: false,
      profile: { email: "alice@example.com" },
    });
    expect((await client.users.info({ user: "U200" })).user?.deleted).toBe(true);
    expect((await client.users.info({ user: sim.botUserId })).user?.is_bot).toBe(true);
    expect(await errorOf(client.users.info({ user: "U404" }))).toBe("user_not_found");

    expect((await client.users.lookupByEmail({ email: "ALICE@example.com" })).user?.id).toBe("U100");
    expect(await errorOf(client.users.lookupByEmail({ email: "nobody@example.com" }))).toBe("users_not_found");

    expect((await client.usergroups.users.list({ usergroup: "S1" })).users).toEqual(["U100"]);
    expect(await errorOf(client.usergroups.users.list({ usergroup: "S404" }))).toBe("no_such_subteam");
  });

  it("opens a modal once per trigger_id and updates it by id or external_id", async () => {
    expect(await errorOf(client.apiCall("views.open", { view: modal }))).toBe("invalid_arguments");
    expect(await errorOf(client.views.open({ trigger_id: "made.up.trigger", view: modal }))).toBe("invalid_trigger_id");

    const trigger = sim.triggerId("U100");
    const opened = await client.views.open({ trigger_id: trigger, view: { ...modal, external_id: "req-1" } });
    expect(await errorOf(client.views.open({ trigger_id: trigger, view: modal }))).toBe("exchanged_trigger_id");

    const id = opened.view?.id ?? "";
    const byExternalId = await client.views.update({
      external_id: "req-1",
      view: { ...modal, private_metadata: "step-2" },
    });
    expect(byExternalId.view).toMatchObject({ id, private_metadata: "step-2" });
    expect(await errorOf(client.views.update({ view_id: id, hash: "stale", view: modal }))).toBe("hash_conflict");
    expect(await errorOf(client.views.update({ view_id: "V404", view: modal }))).toBe("not_found");
    expect(sim.view(id)?.history.map((h) => h.via)).toEqual(["views.open", "views.update"]);
  });

  it("refuses an expired trigger_id", async () => {
    const quick = await startSlackSimulator({ botToken: "xoxb-sim", triggerTtlMs: 10 });
    try {
      const trigger = quick.triggerId("U100");
      await new Promise((resolve) => setTimeout(resolve, 30));
      const c = new webApi.WebClient(quick.botToken, { slackApiUrl: quick.apiUrl, retryConfig: { retries: 0 } });
      expect(await errorOf(c.views.open({ trigger_id: trigger, view: modal }))).toBe("expired_trigger_id");
    } finally {
      await quick.close();
    }
  });

  it("keeps one Home view per user across views.publish", async () => {
    const first = await client.views.publish({ user_id: "U100", view: { type: "home", blocks: [] } });
    const second = await client.views.publish({
      user_id: "U100",
      view: { type: "home", blocks: [{ type: "divider" }] },
    });
    expect(second.view?.id).toBe(first.view?.id);
    expect(sim.homeView("U100")?.blocks).toEqual([{ type: "divider" }]);
    expect(sim.callsTo("views.publish")).toHaveLength(2);
    expect(await errorOf(client.views.publish({ user_id: "U100", view: modal }))).toBe("invalid_arguments");
  });

  it("injects faults: ok:false errors and 429 with Retry-After", async () => {
    sim.failNext("chat.postMessage", "channel_not_found");
    sim.failNext("chat.update", { status: 429, retryAfter: 7 });
    expect(await errorOf(client.chat.postMessage({ channel: "C1", text: "x" }))).toBe("channel_not_found");
    await expect(client.chat.postMessage({ channel: "C1", text: "x" })).resolves.toMatchObject({ ok: true });

    const strict = new webApi.WebClient(sim.botToken, {
      slackApiUrl: sim.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    await expect(strict.chat.update({ channel: "C1", ts: "1.1", text: "x" })).rejects.toMatchObject({
      code: "slack_webapi_rate_limited_error",
      retryAfter: 7,
    });
    expect(sim.callsTo("chat.update")[0]).toMatchObject({ status: 429, response: { ok: false, error: "ratelimited" } });
  });
});

describe("response_url facility", () => {
  it("records posts, applies replace/delete to the bound message and stops after five uses", async () => {
    const sim = await startSlackSimulator({ botToken: "xoxb-sim" });
    try {
      const client = new webApi.WebClient(sim.botToken, { slackApiUrl: sim.apiUrl, retryConfig: { retries: 0 } });
      const posted = await client.chat.postMessage({ channel: "C1", text: "original" });
      const url = sim.responseUrl({ channel: "C1", userId: "U100", messageTs: posted.ts });
      const post = (body: object) =>
        fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

      expect((await post({ replace_original: true, text: "replaced" })).status).toBe(200);
      expect(sim.message("C1", posted.ts ?? "")?.text).toBe("replaced");
      expect((await post({ text: "just for you" })).status).toBe(200);
      expect(sim.ephemerals).toMatchObject([{ user: "U100", text: "just for you", via: "response_url" }]);
      expect((await post({ delete_original: true })).status).toBe(200);
      expect(sim.message("C1", posted.ts ?? "")?.deleted).toBe(true);
      expect((await post({})).status).toBe(400);
      await post({ text: "4" });
      await post({ text: "5" });
      const sixth = await post({ text: "6" });
      expect([sixth.status, await sixth.json()]).toEqual([404, { ok: false, error: "expired_url" }]);
      expect(sim.responses.map((r) => r.status)).toEqual([200, 200, 200, 400, 200, 200, 404]);
      expect(sim.responses[0]).toMatchObject({
        replace_original: true,
        delete_original: false,
        response_type: "ephemeral",
        text: "replaced",
      });
    } finally {
      await sim.close();
    }
  });
});
