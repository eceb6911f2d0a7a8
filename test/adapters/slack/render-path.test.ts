import { describe, expect, it } from "vitest";

import { renderGrantCard, renderNotice } from "../../../src/adapters/slack/render/render-grant.js";
import { renderList } from "../../../src/adapters/slack/render/render-list.js";
import type { PathCheck } from "../../../src/domain/grant/grant.js";
import { grantFixture } from "../../support/grant-fixture.js";

const active = (pathCheck?: PathCheck) =>
  grantFixture({
    status: "active",
    openedAt: "2026-12-01T10:00:00Z",
    expiresAt: "2026-12-01T11:00:00Z",
    ...(pathCheck ? { pathCheck } : {}),
  });

const text = (value: unknown) => JSON.stringify(value);

describe("rendering a grant's path check", () => {
  it("shows a plain Open until a check was made, and says when the path is confirmed", () => {
    expect(text(renderGrantCard(active(), "requester").blocks)).toMatch(/:unlock: Open until/);
    expect(text(renderGrantCard(active({ at: "2026-12-01T10:00:01Z", open: true }), "requester").blocks)).toMatch(
      /Open, path confirmed until/,
    );
  });

  it("names the blocking rule instead of a plain open, escaped, on the card, the notice and the list", () => {
    const blocked = active({
      at: "2026-12-01T10:00:01Z",
      open: false,
      blockedBy: { rule: "Deny<all>", priority: 150, nsg: "nsg-snet-app" },
    });
    const card = text(renderGrantCard(blocked, "requester").blocks);
    expect(card).toContain("Opened, but blocked by `Deny&lt;all&gt;` at priority 150 in `nsg-snet-app`");
    expect(card).not.toMatch(/:unlock: Open until/);
    expect(renderNotice(blocked, "path-blocked", "requester").text).toMatch(
      /was opened, but blocked by `Deny&lt;all&gt;` at priority 150/,
    );
    expect(
      text(renderList({ mine: [blocked], awaitingMe: [], recent: [] } as never, new Date("2026-12-01T10:30:00Z"))),
    ).toMatch(/Opened, but blocked by/);
  });

  it("says when the path could not be confirmed, never claiming it open", () => {
    const unknown = active({ at: "2026-12-01T10:00:01Z", open: false, unknown: "Azure refused: AuthorizationFailed" });
    expect(text(renderGrantCard(unknown, "requester").blocks)).toMatch(/path not confirmed: Azure refused/);
  });
});
