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
    expect(view).toMatchObject({
      type: "modal",
      callback_id: "ajar.request",
      title: { text: "Request access" },
      submit: { text: "Request" },
    });
    const fields = inputs(view.blocks);
    expect(fields.map((b) => [b.block_id, b.element.type, b.optional ?? false])).toEqual([
      ["vm", "external_select", false],
      ["more_vms", "multi_external_select", true],
      ["port", "static_select", false],
      ["duration", "plain_text_input", true],
      ["start", "plain_text_input", true],
      ["source", "plain_text_input", false],
      ["justification", "plain_text_input", true],
    ]);
    const field = (id: string) => fields.find((b) => b.block_id === id)!;
    expect(field("vm").element).toMatchObject({ action_id: "ajar.request.vm", min_query_length: 0 });
    expect(field("more_vms").element).toMatchObject({ action_id: "ajar.request.more_vms", max_selected_items: 9 });
    expect(field("port").element).toMatchObject({
      options: [
        { text: { type: "plain_text", text: "ssh (22)" }, value: "22" },
        { text: { text: "rdp (3389)" }, value: "3389" },
      ],
    });
    expect(field("port").element).not.toHaveProperty("initial_option");
    expect(field("source").element).toMatchObject({ initial_value: "203.0.113.7" });
    expect(field("justification").element).toMatchObject({ multiline: true, max_length: 500 });
  });

  it("preselects the only port, and leaves the source empty without a default", () => {
    const view = renderRequestModal({ ports: [ports[0]!], durationHint: "" });
    const field = (id: string) => inputs(view.blocks).find((b) => b.block_id === id)!;
    expect(field("port").element).toMatchObject({ initial_option: { value: "22" } });
    expect(field("source").element).not.toHaveProperty("initial_value");
  });

  it("explains instead of showing a form that cannot succeed", () => {
    const view = renderProblemModal("Your Slack account is not linked");
    expect(view).not.toHaveProperty("submit");
    expect(JSON.stringify(view.blocks)).toContain("Your Slack account is not linked");
  });
});
