import { describe, expect, it } from "vitest";

import { renderHome } from "../../../src/adapters/slack/render/render-home.js";
import type { HomeSnapshot } from "../../../src/app/ports/grant-notifier.port.js";
import type { Grant } from "../../../src/domain/grant/grant.js";
import { grantFixture } from "../../support/grant-fixture.js";

const at = "2026-11-25T10:10:00.000Z";
const active = grantFixture({
  id: "g-activeaaaa",
  status: "active",
  requester: { slackUserId: "UALICE", objectId: "o" },
  openedAt: "2026-11-25T10:00:00.000Z",
  expiresAt: "2026-11-25T10:30:00.000Z",
});
const pending = grantFixture({ id: "g-pendingaaa", status: "pending" });
const waiting = grantFixture({
  id: "g-waitingaaa",
  status: "pending",
  requester: { slackUserId: "UBOB", objectId: "o" },
  justification: "INC-7 <!channel>",
});
const closed = grantFixture({
  id: "g-closedaaaa",
  status: "closed",
  closeReason: "expired",
  closedAt: "2026-11-25T09:00:00.000Z",
});

const home = (overrides: Partial<HomeSnapshot> = {}): HomeSnapshot => ({
  mine: [active, pending],
  awaitingMe: [waiting],
  recent: [closed],
  at,
  ...overrides,
});
const buttons = (blocks: unknown[]) =>
  blocks.flatMap((b) => {
    const block = b as {
      accessory?: { action_id: string; value: string };
      elements?: { action_id?: string; value?: string }[];
    };
    return [...(block.accessory ? [block.accessory] : []), ...(block.elements ?? [])]
      .filter((e) => e.action_id)
      .map((e) => `${e.action_id}:${e.value}`);
  });

describe("renderHome", () => {
  it("lists the user's grants with time left and the buttons that still apply", () => {
    const view = renderHome(home());
    expect(view).toMatchObject({ type: "home", callback_id: "ajar.home" });
    const json = JSON.stringify(view.blocks);
    expect(json).toContain("`g-activeaaaa` ssh (22/Tcp) on `vm-1`");
    expect(json).toContain("20m left");
    expect(json).toMatch(/until <!date\^1795602600\^/);
    expect(buttons(view.blocks)).toEqual([
      "ajar.home.request:home",
      "ajar.revoke:g-activeaaaa",
      "ajar.cancel:g-pendingaaa",
      "ajar.approve:g-waitingaaa",
      "ajar.deny:g-waitingaaa",
    ]);
  });

  it("shows requests waiting for this approver with a mention of the requester and the reason as plain text", () => {
    const blocks = renderHome(home()).blocks;
    const json = JSON.stringify(blocks);
    expect(json).toContain("Waiting for your decision");
    expect(json).toContain("<@UBOB> asks for ssh (22/Tcp)");
    // plain_text: Slack shows <!channel> literally, it cannot notify anyone.
    expect(blocks).toContainEqual({
      type: "context",
      elements: [{ type: "plain_text", text: "Reason: INC-7 <!channel>", emoji: false }],
    });
    expect(json).not.toMatch(/mrkdwn[^}]*INC-7/);
  });

  it("lists recent history without buttons, and omits empty sections", () => {
    const view = renderHome(home({ mine: [], awaitingMe: [] }));
    const json = JSON.stringify(view.blocks);
    expect(json).toContain("Nothing open or waiting.");
    expect(json).toContain("Recently finished");
    expect(json).toContain("`g-closedaaaa`");
    expect(json).not.toContain("Waiting for your decision");
    expect(buttons(view.blocks)).toEqual(["ajar.home.request:home"]);
  });

  it("puts the outcome of a home click on top", () => {
    const view = renderHome(home({ notice: "Closed `g-activeaaaa`." }));
    expect(view.blocks[1]).toEqual({ type: "section", text: { type: "mrkdwn", text: "Closed `g-activeaaaa`." } });
  });

  it("stays within Slack's 100 blocks with unique block ids however much there is", () => {
    const many = (prefix: string, status: Grant["status"], n: number) =>
      Array.from({ length: n }, (_, i) => grantFixture({ id: `g-${prefix}${String(i).padStart(4, "a")}`, status }));
    const view = renderHome(
      home({
        mine: many("mine", "pending", 50),
        awaitingMe: many("wait", "pending", 60),
        recent: many("done", "denied", 10),
      }),
    );
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const ids = view.blocks.map((b) => (b as { block_id?: string }).block_id).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
    expect(JSON.stringify(view.blocks)).toContain("…and 30 more");
    expect(JSON.stringify(view.blocks)).toContain("…and 45 more");
  });
});
