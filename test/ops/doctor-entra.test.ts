import { webApi } from "@slack/bolt";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { createEntraDirectory } from "../../src/adapters/graph/create-entra-directory.js";
import { SlackDirectory } from "../../src/adapters/slack/slack-directory.js";
import { runCli } from "../../src/cli/run-cli.js";
import { parseConfig } from "../../src/config/load-config.js";
import { formatCheck } from "../../src/ops/doctor/check.js";
import { checkEntra } from "../../src/ops/doctor/entra-checks.js";
import { loadAzureSeed } from "../../src/simulators/azure/index.js";
import { startGraphSimulator, type GraphSimulator } from "../../src/simulators/graph/index.js";
import { startSlackSimulator, type SlackSimulator } from "../../src/simulators/slack/index.js";
import { ENTRA_SEED, ENTRA_SLACK_USERS, entraConfig } from "../e2e/fixtures/entra-e2e.js";

const TOKEN = "graph-doctor-token";

describe("ajar doctor: Microsoft Graph", () => {
  let graph: GraphSimulator;
  let slack: SlackSimulator;
  beforeAll(async () => {
    [graph, slack] = await Promise.all([
      loadAzureSeed(ENTRA_SEED).then((seed) => startGraphSimulator({ seed, token: TOKEN })),
      startSlackSimulator({ botToken: "xoxb-doctor-entra", users: ENTRA_SLACK_USERS }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([graph.close(), slack.close()]);
  });

  const run = (sampleSlackUser?: string) => {
    const { graph: client, entra } = createEntraDirectory({
      endpoint: graph.url,
      staticToken: TOKEN,
      cacheTtlSeconds: 0,
      retryOptions: { maxRetries: 0 },
    });
    const directory = new SlackDirectory(
      new webApi.WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } }),
    );
    return checkEntra({
      graph: client,
      identity: { settings: parseConfig(entraConfig()), directory, entra },
      ...(sampleSlackUser ? { sampleSlackUser } : {}),
    });
  };

  it("passes with both permissions and a Slack user that maps to exactly one Entra user", async () => {
    graph.setPermissions(["User.Read.All", "GroupMember.Read.All"]);
    const results = await run("U0FRANK01");
    expect(results.map(formatCheck)).toEqual([
      "PASS entra User.Read.All (users can be read)",
      "PASS entra GroupMember.Read.All (group memberships can be read)",
      "PASS entra sample mapping (U0FRANK01 → 66666666-6666-6666-6666-666666666601 (Entra ID, frank@example.com))",
    ]);
  });

  it("names the missing permission, and a sample user whose email two Entra users share", async () => {
    graph.setPermissions(["User.Read.All"]);
    const [users, groups, mapping] = await run("U0TWIN001");
    expect(users!.ok).toBe(true);
    expect(formatCheck(groups!)).toMatch(
      /^FAIL entra GroupMember\.Read\.All — fix: grant ajar's identity the Microsoft Graph application permission GroupMember\.Read\.All/,
    );
    expect(formatCheck(mapping!)).toMatch(
      /^FAIL entra sample mapping .*2 Entra ID users have the email twin@example.com/,
    );
    graph.setPermissions([]);
    expect(formatCheck((await run())[0]!)).toMatch(/^FAIL entra User\.Read\.All/);
  });
});

describe("ajar role: Graph permissions beside the ARM role", () => {
  afterEach(() => vi.restoreAllMocks());

  it("prints User.Read.All and GroupMember.Read.All on stderr, keeping stdout pure JSON", async () => {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => void out.push(String(line)));
    vi.spyOn(console, "error").mockImplementation((line: unknown) => void err.push(String(line)));
    expect(await runCli(["role", "--bot", "--scope", "/subscriptions/00000000-0000-0000-0000-000000000001"], {})).toBe(
      0,
    );
    expect(() => JSON.parse(out.join("\n"))).not.toThrow();
    expect(err.join("\n")).toMatch(/User\.Read\.All \(app role df021288-bdef-4463-88db-98f22de89214\)/);
    expect(err.join("\n")).toMatch(/GroupMember\.Read\.All \(app role 98830695-27a2-44f7-8c18-0c3ebc9698f6\)/);
  });
});
