import { describe, expect, it } from "vitest";

import type { GrantNotifier, HomeSnapshot } from "../../../src/app/ports/grant-notifier.port.js";
import type { GrantQuery, GrantStore } from "../../../src/app/ports/grant-store.port.js";
import type { Logger } from "../../../src/app/ports/logger.port.js";
import { publishHomes } from "../../../src/app/shared/publish-homes.js";
import type { Grant } from "../../../src/domain/grant/grant.js";
import { grantFixture } from "../../support/grant-fixture.js";

/** Newest first, as the Redis store answers. */
function memoryStore(grants: Grant[]): GrantStore {
  return {
    create: async () => undefined,
    get: async (id) => grants.find((g) => g.id === id),
    replace: async () => true,
    list: async (q: GrantQuery) =>
      grants
        .filter(
          (g) =>
            (!q.requester || g.requester.slackUserId === q.requester) && (!q.statuses || q.statuses.includes(g.status)),
        )
        .slice(0, q.limit ?? 50),
    countOpen: async () => ({}),
  };
}

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const logger = {
    warnings,
    debug: () => undefined,
    info: () => undefined,
    error: () => undefined,
    warn: (_: object, m: string) => warnings.push(m),
    child: () => logger,
  };
  return logger;
}

const alice = { slackUserId: "UALICE", objectId: "o" };
const grants = [
  grantFixture({
    id: "g-pendingaaa",
    status: "pending",
    requester: alice,
    approval: {
      mode: "approvers",
      required: 2,
      eligible: ["UBOB", "UCAROL"],
      votes: [{ slackUserId: "UCAROL", decision: "approve", at: "2026-11-25T10:01:00.000Z" }],
    },
  }),
  grantFixture({ id: "g-activeaaaa", status: "active", requester: alice }),
  grantFixture({ id: "g-closedaaaa", status: "closed", requester: alice }),
  grantFixture({ id: "g-otheraaaaa", status: "denied", requester: { slackUserId: "UBOB", objectId: "o" } }),
];

describe("publishHomes", () => {
  it("publishes each user's grants, history and the requests still waiting for their vote, once per user", async () => {
    const published: [string, HomeSnapshot][] = [];
    const notifier = {
      publishHome: async (user: string, home: HomeSnapshot) => void published.push([user, home]),
    } as Partial<GrantNotifier> as GrantNotifier;
    const clock = { now: () => new Date("2026-11-25T10:05:00.000Z") };
    await publishHomes(
      { store: memoryStore(grants), notifier, clock, logger: recordingLogger() },
      ["UALICE", "UBOB", "UCAROL", "UALICE", ""],
      { notice: "Done." },
    );
    const byUser = Object.fromEntries(published.map(([user, home]) => [user, home]));
    expect(Object.keys(byUser)).toEqual(["UALICE", "UBOB", "UCAROL"]);
    expect(byUser.UALICE!.mine.map((g) => g.id)).toEqual(["g-pendingaaa", "g-activeaaaa"]);
    expect(byUser.UALICE!.recent.map((g) => g.id)).toEqual(["g-closedaaaa"]);
    expect(byUser.UBOB!.awaitingMe.map((g) => g.id)).toEqual(["g-pendingaaa"]);
    expect(byUser.UBOB!.recent.map((g) => g.id)).toEqual(["g-otheraaaaa"]);
    // Carol has voted already: nothing waits for her.
    expect(byUser.UCAROL!.awaitingMe).toEqual([]);
    expect(byUser.UCAROL).toMatchObject({ at: "2026-11-25T10:05:00.000Z", notice: "Done." });
  });

  it("logs and carries on when Slack or the store fails, never throwing into the change that triggered it", async () => {
    const logger = recordingLogger();
    let attempts = 0;
    const notifier = {
      publishHome: async () => {
        attempts++;
        throw new Error("user_not_found");
      },
    } as Partial<GrantNotifier> as GrantNotifier;
    const clock = { now: () => new Date() };
    await publishHomes({ store: memoryStore(grants), notifier, clock, logger }, ["UALICE", "UBOB"]);
    expect(attempts).toBe(2);
    const broken = { ...memoryStore(grants), list: async () => Promise.reject(new Error("redis down")) };
    await publishHomes({ store: broken, notifier, clock, logger }, ["UALICE"]);
    expect(logger.warnings).toEqual([
      "could not publish the App Home",
      "could not publish the App Home",
      "could not read grants for the App Home",
    ]);
  });
});
