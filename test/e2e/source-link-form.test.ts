import { afterEach, describe, expect, it } from "vitest";

import type { JsonObject } from "../../src/simulators/slack/index.js";
import { e2eConfig, startE2E, waitForPending, type E2E } from "../support/e2e.js";
import { linkSentTo, openLink, servePublicUrl } from "../support/source-link.js";

const text = (value?: string) => ({ type: "plain_text_input", value: value ?? null });
const select = (type: string, value?: string) => ({
  type,
  selected_option: value ? { text: { type: "plain_text", text: value }, value } : null,
});

function values(vm: string, source: string | undefined, me: boolean): JsonObject {
  return {
    vm: { "ajar.request.vm": select("external_select", vm) },
    port: { "ajar.request.port": select("static_select", "22") },
    duration: { "ajar.request.duration": text("30m") },
    source: { "ajar.request.source": text(source) },
    source_me: {
      "ajar.request.source_me": {
        type: "checkboxes",
        selected_options: me ? [{ text: { type: "plain_text", text: "Use my current IP" }, value: "me" }] : [],
      },
    },
    justification: { "ajar.request.justification": text("INC-7") },
  };
}

async function openForm(e2e: E2E) {
  const sent = await e2e.stack.client.command({ userId: "U0ALICE01", text: "" });
  const call = await e2e.stack.slack.waitForCall("views.open", (c) => c.args.trigger_id === sent.triggerId, 5000);
  return { view: call.args.view as { blocks: JsonObject[] }, viewId: (call.response.view as { id: string }).id };
}

describe('the request form\'s "Use my current IP"', () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it("is offered with a public URL and makes a `from me` request", async () => {
    e2e = await startE2E(e2eConfig({ http: { trustedProxies: ["127.0.0.1"] } }));
    servePublicUrl(e2e);
    const { view, viewId } = await openForm(e2e);
    expect(view.blocks.map((b) => b.block_id).filter(Boolean)).toEqual([
      "vm",
      "more_vms",
      "port",
      "duration",
      "start",
      "source",
      "source_me",
      "justification",
    ]);
    expect(view.blocks.find((b) => b.block_id === "source")).toMatchObject({ optional: true });

    const options = await e2e.stack.client.blockSuggestion({
      userId: "U0ALICE01",
      actionId: "ajar.request.vm",
      blockId: "vm",
      value: "vm-prod-1",
      view: { id: viewId },
    });
    const vm = (options.body as { options: { value: string }[] }).options[0]!.value;

    const both = await e2e.stack.client.viewSubmission({
      userId: "U0ALICE01",
      view: { id: viewId, state: { values: values(vm, "203.0.113.7", true) } },
    });
    expect(JSON.stringify(both.body)).toMatch(/Leave this empty when you use your current IP/);

    const submitted = await e2e.stack.client.viewSubmission({
      userId: "U0ALICE01",
      view: { id: viewId, state: { values: values(vm, undefined, true) } },
    });
    expect(submitted.status).toBe(200);
    const url = await linkSentTo(e2e, "U0ALICE01");
    const grantId = /\/my-ip\/(g-[a-z2-7]{10})\//.exec(url)![1]!;
    expect((await openLink(url, { forwardedFor: "203.0.113.61" })).html).toContain("Recorded 203.0.113.61/32");
    const pending = await waitForPending(e2e, grantId);
    expect(pending).toMatchObject({ source: "203.0.113.61/32", justification: "INC-7", durationSeconds: 1800 });
  });

  it("is not offered without a public URL", async () => {
    e2e = await startE2E(undefined, { worker: false });
    const { view } = await openForm(e2e);
    expect(view.blocks.map((b) => b.block_id)).not.toContain("source_me");
  });
});
