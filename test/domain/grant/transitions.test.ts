import { describe, expect, it } from "vitest";

import { castVote, HISTORY_LIMIT, record } from "../../../src/domain/grant/transitions.js";
import { grantFixture } from "../../support/grant-fixture.js";

const now = new Date("2026-11-25T10:05:00Z");

describe("castVote", () => {
  it("records a vote until the threshold, then approves (N of M)", () => {
    const first = castVote(grantFixture(), "UBOB", "approve", now);
    expect(first.kind).toBe("recorded");
    if (first.kind !== "recorded") return;
    expect(first.remaining).toBe(1);
    expect(first.grant.version).toBe(4);
    const second = castVote(first.grant, "UCAROL", "approve", now);
    expect(second.kind).toBe("approved");
    expect(second.grant.status).toBe("approved");
    expect(second.grant.history.at(-1)).toMatchObject({ type: "approved", actor: "UCAROL" });
  });

  it("lets one deny end the request", () => {
    const out = castVote(grantFixture(), "UDAVE", "deny", now, "not now");
    expect(out.kind).toBe("denied");
    expect(out.grant.approval.votes[0]).toMatchObject({ slackUserId: "UDAVE", reason: "not now" });
  });

  it("refuses the requester, outsiders, double votes and decided requests", () => {
    expect(() => castVote(grantFixture(), "UALICE", "approve", now)).toThrow(/own request/);
    expect(() => castVote(grantFixture(), "UMALLORY", "approve", now)).toThrow(/not an approver/);
    const once = castVote(grantFixture(), "UBOB", "approve", now).grant;
    expect(() => castVote(once, "UBOB", "approve", now)).toThrow(/already voted/);
    expect(() => castVote(grantFixture({ status: "approved" }), "UBOB", "approve", now)).toThrow(/no longer waiting/);
  });
});

describe("a grant's history", () => {
  it("keeps the newest events only, however long the grant lives", () => {
    let grant = grantFixture();
    for (let i = 0; i < HISTORY_LIMIT + 10; i++)
      grant = record(grant, { type: "extended", at: now.toISOString(), actor: "UALICE", detail: `+${i}s` });
    expect(grant.history).toHaveLength(HISTORY_LIMIT);
    expect(grant.history.at(-1)?.detail).toBe(`+${HISTORY_LIMIT + 9}s`);
    expect(grant.history[0]?.detail).toBe("+10s");
  });
});
