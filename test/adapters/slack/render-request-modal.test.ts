import { describe, expect, it } from "vitest";
import { renderProblemModal, renderRequestModal } from "../../../src/adapters/slack/render/render-request-modal.js";
import type { InputBlock } from "../../../src/adapters/slack/render/view-blocks.js";

const ports = [
  { port: 22, name: "ssh", label: "ssh (22)" },
  { port: 3389, name: "rdp", label: "rdp (3389)" },
];

const inputs = (blocks: unknown[]) => blocks.filter((b): b is InputBlock => (b as { type: string }).type === "input");

describe("renderRequestModal", () => {
  it("asks for VM, port, duration, source and reason, each in its own block", () => {
    const view = renderRequestModal({ ports, defaultSource: "203.0.113.7", durationHint: "Like 30m" });
    expect(view).toMatchObject({ type: "modal", callback_id: "ajar.request", title: { text: "Request access" }, submit: { text: "Request" } });
    const fields = inputs(view.blocks);
    expect(fields.map((b) => [b.block_id, b.element.type, b.optional ?? false])).toEqual([
      ["vm", "external_select", false],
      ["port", "static_select", false],
      ["duration", "plain_text_input", true],
      ["source", "plain_text_input", false],
      ["justification", "plain_text_input", true],
    ]);
    expect(fields[0]!.element).toMatchObject({ action_id: "ajar.request.vm", min_query_length: 0 });
    expect(fields[1]!.element).toMatchObject({ options: [{ text: { type: "plain_text", text: "ssh (22)" }, value: "22" }, { text: { text: "rdp (3389)" }, value: "3389" }] });
    expect(fields[1]!.element).not.toHaveProperty("initial_option");
    expect(fields[3]!.element).toMatchObject({ initial_value: "203.0.113.7" });
    expect(fields[4]!.element).toMatchObject({ multiline: true, max_length: 500 });
  });

  it("preselects the only port, and leaves the source empty without a default", () => {
    const view = renderRequestModal({ ports: [ports[0]!], durationHint: "" });
    const fields = inputs(view.blocks);
    expect(fields[1]!.element).toMatchObject({ initial_option: { value: "22" } });
    expect(fields[3]!.element).not.toHaveProperty("initial_value");
  });

  it("explains instead of showing a form that cannot succeed", () => {
    const view = renderProblemModal("Your Slack account is not linked");
    expect(view).not.toHaveProperty("submit");
    expect(JSON.stringify(view.blocks)).toContain("Your Slack account is not linked");
  });
});
