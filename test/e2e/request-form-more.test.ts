import { afterEach, describe, expect, it } from "vitest";

import type { JsonObject } from "../../src/simulators/slack/index.js";
import { startE2E, until, waitForPending, type E2E } from "../support/e2e.js";

const text = (value?: string) => ({ type: "plain_text_input", value: value ?? null });
const option = (value: string) => ({ text: { type: "plain_text", text: value }, value });

function values(vm: string, more: string[], start?: string): JsonObject {
  return {
    vm: { "ajar.request.vm": { type: "external_select", selected_option: option(vm) } },
    more_vms: { "ajar.request.more_vms": { type: "multi_external_select", selected_options: more.map(option) } },
    port: { "ajar.request.port": { type: "static_select", selected_option: option("22") } },
    duration: { "ajar.request.duration": text("30m") },
    start: { "ajar.request.start": text(start) },
    source: { "ajar.request.source": text("203.0.113.7") },
    justification: { "ajar.request.justification": text("INC-8") },
  };
}

describe("the request form: more VMs and a later start", () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it("makes one request for several VMs with a later start", async () => {
    e2e = await startE2E();
    const sent = await e2e.stack.client.command({ userId: "U0ALICE01", text: "" });
    const call = await e2e.stack.slack.waitForCall("views.open", (c) => c.args.trigger_id === sent.triggerId, 5000);
    const viewId = (call.response.view as { id: string }).id;
    const suggest = async (actionId: string, typed: string) =>
      (
        (
          await e2e!.stack.client.blockSuggestion({
            userId: "U0ALICE01",
            actionId,
            blockId: actionId.split(".").pop()!,
            value: typed,
            view: { id: viewId },
          })
        ).body as { options: { value: string }[] }
      ).options;
    const [first] = await suggest("ajar.request.vm", "vm-prod-1");
    const [second] = await suggest("ajar.request.more_vms", "vm-prod-2");
    expect(second).toBeDefined();

    const bad = await e2e.stack.client.viewSubmission({
      userId: "U0ALICE01",
      view: { id: viewId, state: { values: values(first!.value, [second!.value], "noonish") } },
    });
    expect((bad.body as { errors: Record<string, string> }).errors.start).toMatch(/not a start time/);

    const before = Date.now();
    const ok = await e2e.stack.client.viewSubmission({
      userId: "U0ALICE01",
      view: { id: viewId, state: { values: values(first!.value, [second!.value], "in 1h") } },
    });
    expect(ok.status).toBe(200);
    const grants = await until("the request", async () => {
      const found = (await e2e!.stack.runtime.deps.store.list({ requester: "U0ALICE01" })).filter((g) => g.bundle);
      return found.length === 2 ? found : undefined;
    });
    const leader = grants.find((g) => g.bundle!.leaderId === g.id)!;
    const pending = await waitForPending(e2e, leader.id);
    expect(pending.bundle?.vmNames).toEqual(["vm-prod-1", "vm-prod-2"]);
    expect(Date.parse(pending.startAt!) - before).toBeGreaterThanOrEqual(3600 * 1000 - 1000);
    expect(Date.parse(pending.startAt!) - before).toBeLessThan(3600 * 1000 + 5000);
  });
});
