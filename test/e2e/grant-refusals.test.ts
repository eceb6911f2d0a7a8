import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { allowRules, dmsTo, jit, NIC_NSG, startE2E, until, waitForStatus, type E2E } from "../support/e2e.js";

describe("requests ajar refuses, with a message that says what to do", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e.close();
  });

  it("answers bad syntax at once with the usage", async () => {
    const { reply, grantId } = await jit(e2e, "U0ALICE01", "ssh");
    expect(grantId).toBeUndefined();
    expect(reply).toMatch(/Usage: \/jit <port> <vm>/);
    expect(reply).not.toMatch(/at .*\.ts:\d+/);
    const unknownPort = await jit(e2e, "U0ALICE01", "telnet vm-prod-1");
    expect(unknownPort.reply).toMatch(/ssh/);
    const badIp = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 30m from 203.0.113.300");
    expect(badIp.reply).toMatch(/203\.0\.113\.300/);
  });

  it("refuses a user with no Azure identity", async () => {
    const { reply, grantId } = await jit(e2e, "U0ERIN001", "ssh vm-prod-1 30m from 203.0.113.7");
    expect(grantId).toBeUndefined();
    expect(reply).toMatch(/not linked to an Azure identity/);
  });

  const refused = async (user: string, text: string, pattern: RegExp) => {
    const { grantId } = await jit(e2e, user, text);
    expect(grantId).toBeDefined();
    const grant = await waitForStatus(e2e, grantId!, "rejected");
    expect(grant.failure).toMatch(pattern);
    await until("the refusal DM", () => dmsTo(e2e, user).some((t) => t.includes(grantId!) && /refused/.test(t)));
    return grant;
  };

  it("refuses a VM no policy covers", async () => {
    await refused("U0ALICE01", "ssh vm-dev-1 30m", /No VM named vm-dev-1 is covered|no ajar policy/);
    await refused("U0ALICE01", "ssh vm-nowhere 30m", /No VM named vm-nowhere/);
  });

  it("refuses a source outside the allowed prefixes, and any source", async () => {
    await refused("U0ALICE01", "ssh vm-prod-1 30m from 198.51.100.7", /outside the sources/);
    await refused("U0ALICE01", "ssh vm-prod-1 30m from 0.0.0.0/0", /any source/);
    await refused("U0ALICE01", "ssh vm-prod-1 30m from Internet", /any source/);
  });

  it("refuses a duration over the policy's maximum", async () => {
    await refused("U0ALICE01", "ssh vm-prod-1 4h", /3h or less/);
  });

  it("refuses a requester who lacks a required Azure action, naming it", async () => {
    const grant = await refused(
      "U0CAROL01",
      "ssh vm-prod-1 30m",
      /Microsoft\.Security\/locations\/jitNetworkAccessPolicies/,
    );
    expect(grant.failure).toMatch(/vm-prod-1/);
  });

  it("refuses a requester whom a deny assignment blocks", async () => {
    await refused("U0DAVE001", "ssh vm-prod-1 30m", /deny assignment|no-jit-for-dave/i);
  });

  it("opened nothing for any refused request", () => {
    expect(allowRules(e2e, NIC_NSG)).toHaveLength(0);
  });
});

describe("a slow dependency never makes Slack time out", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e.close();
  });

  it("acknowledges within the budget and answers through response_url when the work is done", async () => {
    // Bob is mapped by email: his request needs users.info, which Slack now rate-limits for 3 s.
    e2e.stack.slack.failNext("users.info", { status: 429, retryAfter: 3 });
    const started = Date.now();
    const response = await e2e.stack.client.command({
      userId: "U0BOB0001",
      text: "ssh vm-prod-1 30m from 203.0.113.7",
    });
    expect(Date.now() - started).toBeLessThan(2900);
    expect(JSON.stringify(response.body)).toMatch(/Working on it/);
    const late = await e2e.stack.slack.waitForResponse((r) => r.url === response.responseUrl, 10_000);
    expect(late.text).toMatch(/Request `g-[a-z2-7]{10}` received/);
  });
});
