import { afterEach, describe, expect, it } from "vitest";

import { e2eConfig, jit, startE2E, until, USERS, waitForStatus, type E2E } from "../support/e2e.js";

/** What an email-based `identities` entry trusts (source: config), through the signed endpoint. */
describe("mapping Slack users by email", () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  const identities = [
    // Pins Alice's Slack id; its email must not let anyone else in.
    {
      slackUserId: "U0ALICE01",
      email: "zed@example.com",
      objectId: "11111111-1111-1111-1111-111111111111",
      defaultSource: "203.0.113.7",
    },
    { email: "bob@example.com", objectId: "22222222-2222-2222-2222-222222222222", defaultSource: "203.0.113.8" },
  ];

  it("matches an entry that pins slackUserId by that id only, never by its email", async () => {
    e2e = await startE2E(e2eConfig({ identities }), {
      slackUsers: [...USERS, { id: "U0ZED0001", name: "zed", email: "zed@example.com" }],
    });
    const zed = await jit(e2e, "U0ZED0001", "ssh vm-prod-1 30m from 203.0.113.9");
    expect(zed.grantId).toBeUndefined();
    expect(zed.reply).toMatch(/not linked to an Azure identity/);
    const alice = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 30m");
    expect((await waitForStatus(e2e, alice.grantId!, "pending")).requester.objectId).toBe(
      "11111111-1111-1111-1111-111111111111",
    );
  });

  it("maps by email only when Slack reports it confirmed and the user is a full member of this workspace", async () => {
    const bob = USERS.find((u) => u.id === "U0BOB0001")!;
    for (const [change, problem] of [
      [{ emailConfirmed: false }, /not report the account's email address as confirmed/],
      [{ restricted: true }, /guest accounts/],
      [{ stranger: true }, /another organisation/],
      [{ teamId: "T0ELSEWHERE" }, /another workspace/],
    ] as const) {
      e2e = await startE2E(e2eConfig({ identities }), {
        slackUsers: [...USERS.filter((u) => u !== bob), { ...bob, ...change }],
        worker: false,
      });
      await until("Redis to be ready", () => e2e!.stack.runtime.deps.storeReachable());
      const { grantId, reply } = await jit(e2e, "U0BOB0001", "ssh vm-prod-1 30m");
      expect(grantId, JSON.stringify(change)).toBeUndefined();
      expect(reply).toMatch(problem);
      await e2e.close();
      e2e = undefined;
    }
    e2e = await startE2E(e2eConfig({ identities }), { worker: false });
    await until("Redis to be ready", () => e2e!.stack.runtime.deps.storeReachable());
    expect((await jit(e2e, "U0BOB0001", "ssh vm-prod-1 30m")).grantId).toBeDefined();
  });
});
