import { describe, expect, it } from "vitest";

import { oneLine } from "../../../src/adapters/slack/render/format.js";
import { renderGrantCard } from "../../../src/adapters/slack/render/render-grant.js";
import { grantFixture } from "../../support/grant-fixture.js";
import { pending, requested } from "../../support/in-memory/estate.js";

/** Every text object in the blocks, with its type. */
function texts(blocks: unknown): { type: string; text: string }[] {
  const found: { type: string; text: string }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === "object") {
      const o = node as Record<string, unknown>;
      if ((o.type === "mrkdwn" || o.type === "plain_text") && typeof o.text === "string")
        found.push({ type: o.type, text: o.text });
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return found;
}

describe("the approval card shows a justification as one plain line", () => {
  const forged =
    "INC-1\n\n*Duration*\n5m\n*From*\n`10.0.0.1`\n:white_check_mark: Approved by <@U0BOB0001>\u2028\u202Eevil";

  it("keeps the requester's text out of the mrkdwn that carries the fields", () => {
    const card = renderGrantCard(grantFixture({ status: "pending", justification: forged }), "approval");
    const all = texts(card.blocks);
    for (const t of all.filter((x) => x.type === "mrkdwn")) expect(t.text).not.toContain("INC-1");
    const reason = all.filter((t) => t.text.startsWith("Reason: "));
    expect(reason).toEqual([
      {
        type: "plain_text",
        text: "Reason: INC-1 *Duration* 5m *From* `10.0.0.1` :white_check_mark: Approved by <@U0BOB0001> evil",
      },
    ]);
    expect(JSON.stringify(card.blocks)).toContain('"emoji":false');
  });

  it("caps a long reason and leaves out an empty one", () => {
    const long = oneLine("x".repeat(10_000));
    expect([...long]).toHaveLength(300);
    expect(long.endsWith("…")).toBe(true);
    const card = renderGrantCard(grantFixture({ status: "pending", justification: " \n\t " }), "approval");
    expect(texts(card.blocks).some((t) => t.text.startsWith("Reason"))).toBe(false);
  });
});

describe("the card of a request not yet authorized", () => {
  const fields = (card: ReturnType<typeof renderGrantCard>): string[] =>
    texts(card.blocks)
      .filter((t) => t.type === "mrkdwn")
      .map((t) => t.text);

  it("shows what was asked: the VM as named, the port without a protocol, and the duration or the policy's default", () => {
    const asked = requested({ request: { vmName: "vm-prod-1", port: 22, portLabel: "ssh", durationSeconds: 2700 } });
    expect(fields(renderGrantCard(asked, "requester"))).toEqual(
      expect.arrayContaining(["*VM*\n`vm-prod-1`", "*Port*\nssh (22)", "*Duration*\n45m"]),
    );
    expect(fields(renderGrantCard(requested(), "requester"))).toContain("*Duration*\npolicy default");
  });

  it("shows the group and protocol once authorize found them", () => {
    expect(fields(renderGrantCard(pending(), "approval"))).toEqual(
      expect.arrayContaining(["*VM*\n`vm-prod-1` (rg-prod)", "*Port*\nssh (22/Tcp)", "*Duration*\n30m"]),
    );
  });
});
