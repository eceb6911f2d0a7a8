import { webApi } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";

import { SlackDirectory } from "../../../src/adapters/slack/slack-directory.js";
import { trustedEmail } from "../../../src/domain/identity/trusted-email.js";
import { startSlackSimulator, type SlackSimulator } from "../../../src/simulators/slack/index.js";

describe("Slack directory: the fields that decide whether an email is trusted, as users.info and auth.test send them", () => {
  let sim: SlackSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  const start = async (enterpriseId?: string) => {
    sim = await startSlackSimulator({
      botToken: "xoxb-dir",
      ...(enterpriseId ? { enterpriseId } : {}),
      users: [
        { id: "U1", name: "member", email: "m@example.com" },
        { id: "U2", name: "unconfirmed", email: "u@example.com", emailConfirmed: false },
        { id: "U3", name: "guest", email: "g@example.com", restricted: true },
        { id: "U4", name: "stranger", email: "s@example.com", stranger: true },
        { id: "W5", name: "gridmate", email: "w@example.com", teamId: "T0OTHERWS" },
      ],
    });
    const client = new webApi.WebClient(sim.botToken, { slackApiUrl: sim.apiUrl, retryConfig: { retries: 0 } });
    return { client, directory: new SlackDirectory(client) };
  };

  it("sends Slack's wire fields, and the directory reads them", async () => {
    const { client, directory } = await start();
    const info = await client.users.info({ user: "U4" });
    expect(info.user).toMatchObject({
      is_email_confirmed: true,
      is_restricted: false,
      is_ultra_restricted: false,
      is_stranger: true,
      team_id: sim!.teamId,
    });
    expect((await client.users.info({ user: "U2" })).user?.is_email_confirmed).toBe(false);
    expect(await directory.user("U3")).toMatchObject({
      restricted: true,
      emailConfirmed: true,
      email: "g@example.com",
    });
    expect(await directory.user("U0NOBODY")).toBeUndefined();
    expect(await directory.userByEmail("nobody@example.com")).toBeUndefined();
    expect((await directory.userByEmail("M@example.com"))?.id).toBe("U1");
    expect(await directory.installation()).toEqual({ teamId: sim!.teamId });
  });

  it("trusts another workspace's member only inside the same Enterprise Grid", async () => {
    const { client, directory } = await start("E0GRID001");
    expect(await client.auth.test()).toMatchObject({ enterprise_id: "E0GRID001" });
    expect((await client.users.info({ user: "W5" })).user?.enterprise_user).toMatchObject({
      enterprise_id: "E0GRID001",
      teams: ["T0OTHERWS"],
    });
    const installation = await directory.installation();
    expect(installation).toEqual({ teamId: sim!.teamId, enterpriseId: "E0GRID001" });
    expect(trustedEmail(await directory.user("W5"), installation)).toEqual({ ok: true, email: "w@example.com" });
    expect(trustedEmail(await directory.user("W5"), { teamId: sim!.teamId })).toMatchObject({ ok: false });
  });
});
