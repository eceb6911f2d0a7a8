import { afterEach, describe, expect, it } from "vitest";

import type { JsonObject } from "../../src/simulators/slack/index.js";
import { startE2E, until, type E2E } from "../support/e2e.js";

interface FormInput {
  vm?: string;
  port?: string;
  duration?: string;
  source?: string;
  justification?: string;
}

/** view.state.values as Slack sends it: unset selects are null, empty text inputs are null. */
function stateValues(form: FormInput): JsonObject {
  const select = (type: string, value?: string) => ({
    type,
    selected_option: value ? { text: { type: "plain_text", text: value }, value } : null,
  });
  const text = (value?: string) => ({ type: "plain_text_input", value: value ?? null });
  return {
    vm: { "ajar.request.vm": select("external_select", form.vm) },
    port: { "ajar.request.port": select("static_select", form.port) },
    duration: { "ajar.request.duration": text(form.duration) },
    source: { "ajar.request.source": text(form.source) },
    justification: { "ajar.request.justification": text(form.justification) },
  };
}

/** `/jit` alone, as the user; resolves with the views.open call it caused. */
async function openForm(e2e: E2E, userId: string) {
  const sent = await e2e.stack.client.command({ userId, text: "" });
  expect(sent.status).toBe(200);
  expect(sent.text).toBe("");
  const call = await e2e.stack.slack.waitForCall("views.open", (c) => c.args.trigger_id === sent.triggerId, 5000);
  return {
    view: call.args.view as { callback_id: string; blocks: JsonObject[] },
    viewId: (call.response.view as { id: string }).id,
  };
}

async function suggestVms(
  e2e: E2E,
  viewId: string,
  typed: string,
): Promise<{ text: { text: string }; value: string }[]> {
  const response = await e2e.stack.client.blockSuggestion({
    userId: "U0ALICE01",
    actionId: "ajar.request.vm",
    blockId: "vm",
    value: typed,
    view: { id: viewId },
  });
  expect(response.status).toBe(200);
  return (response.body as { options: { text: { text: string }; value: string }[] }).options;
}

const submit = (e2e: E2E, viewId: string, form: FormInput, userId = "U0ALICE01") =>
  e2e.stack.client.viewSubmission({ userId, view: { id: viewId, state: { values: stateValues(form) } } });

describe("the /jit request form", () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it("opens on /jit alone, with the user's default source, and offers only VMs a policy covers", async () => {
    e2e = await startE2E(undefined, { worker: false });
    const { view, viewId } = await openForm(e2e, "U0ALICE01");
    expect(view.callback_id).toBe("ajar.request");
    expect(view.blocks.map((b) => b.block_id).filter(Boolean)).toEqual([
      "vm",
      "more_vms",
      "port",
      "duration",
      "start",
      "source",
      "justification",
    ]);
    expect(view.blocks.find((b) => b.block_id === "source")).toMatchObject({
      element: { type: "plain_text_input", initial_value: "203.0.113.7" },
    });
    // The e2e estate's only policy offers ssh on vm-prod-*, so the port is preselected.
    expect(view.blocks.find((b) => b.block_id === "port")).toMatchObject({
      element: { initial_option: { value: "22", text: { text: "ssh (22)" } } },
    });
    expect(e2e.stack.slack.view(viewId)?.user_id).toBe("U0ALICE01");

    const all = await suggestVms(e2e, viewId, "");
    expect(all.map((o) => o.text.text)).toEqual(["vm-prod-1 (rg-prod)", "vm-prod-2 (rg-prod)"]);
    expect(all[0]!.value).toMatch(
      /^\/subscriptions\/.+\/resourceGroups\/rg-prod\/providers\/Microsoft\.Compute\/virtualMachines\/vm-prod-1$/i,
    );
    expect((await suggestVms(e2e, viewId, "PROD-2")).map((o) => o.text.text)).toEqual(["vm-prod-2 (rg-prod)"]);
    expect(await suggestVms(e2e, viewId, "vm-dev")).toEqual([]);
  });

  it("says so in the channel when Slack refuses to open the form", async () => {
    e2e = await startE2E(undefined, { worker: false });
    e2e.stack.slack.failNext("views.open", "expired_trigger_id");
    const sent = await e2e.stack.client.command({ userId: "U0ALICE01", text: "" });
    const reply = await e2e.stack.slack.waitForResponse((r) => r.url === sent.responseUrl, 5000);
    expect(reply).toMatchObject({
      response_type: "ephemeral",
      text: expect.stringMatching(/could not open the request form.*\/jit ssh vm-prod-1 30m/),
    });
  });

  it("shows a user without an Azure identity why instead of a form", async () => {
    e2e = await startE2E(undefined, { worker: false });
    const { view } = await openForm(e2e, "U0ERIN001");
    expect(view.callback_id).toBe("ajar.request.problem");
    expect(JSON.stringify(view.blocks)).toContain("not linked to an Azure identity");
  });

  it("answers a bad source and duration with errors on their blocks, and records nothing", async () => {
    e2e = await startE2E(undefined, { worker: false });
    const { viewId } = await openForm(e2e, "U0ALICE01");
    const [vm] = await suggestVms(e2e, viewId, "vm-prod-1");
    const malformed = await submit(e2e, viewId, {
      vm: vm!.value,
      port: "22",
      duration: "90",
      source: "203.0.113.7/16",
    });
    expect(malformed.status).toBe(200);
    expect(malformed.body).toEqual({
      response_action: "errors",
      errors: {
        duration: expect.stringMatching(/"90" has no unit/),
        source: expect.stringMatching(/host bits set; did you mean 203\.0\.0\.0\/16\?/),
      },
    });
    const outsidePolicy = await submit(e2e, viewId, { vm: vm!.value, port: "22", duration: "4h", source: "192.0.2.1" });
    expect(outsidePolicy.body).toEqual({
      response_action: "errors",
      errors: { source: expect.stringMatching(/outside the sources this VM accepts \(203\.0\.113\.0\/24\)/) },
    });
    const tooLong = await submit(e2e, viewId, { vm: vm!.value, port: "22", duration: "4h", source: "203.0.113.7" });
    expect(tooLong.body).toEqual({
      response_action: "errors",
      errors: { duration: expect.stringMatching(/ask for 3h or less/) },
    });
    expect(await e2e.stack.runtime.deps.store.list({ requester: "U0ALICE01" })).toEqual([]);
    expect(await e2e.stack.runtime.queue.count()).toBe(0);
  });

  it("turns a valid submission into the same request as the command: a grant, an authorize job and a DM", async () => {
    e2e = await startE2E(undefined, { worker: false });
    const { viewId } = await openForm(e2e, "U0ALICE01");
    const [vm] = await suggestVms(e2e, viewId, "vm-prod-1");
    const submitted = await submit(e2e, viewId, {
      vm: vm!.value,
      port: "22",
      duration: "45m",
      source: "203.0.113.7",
      justification: "INC-9 rotate logs",
    });
    expect(submitted.status).toBe(200);
    expect(submitted.text).toBe("");

    const [grant] = await e2e.stack.runtime.deps.store.list({ requester: "U0ALICE01" });
    expect(grant).toMatchObject({
      status: "requested",
      request: { vmId: vm!.value, vmName: "vm-prod-1", port: 22, portLabel: "ssh", durationSeconds: 2700 },
      source: "203.0.113.7",
      justification: "INC-9 rotate logs",
    });
    // The intake hands the request to the queue a moment after the answer.
    const jobs = await until("the authorize job", async () => {
      const queued = await e2e!.stack.runtime.queue.getJobs(["waiting", "prioritized"]);
      return queued.length > 0 ? queued : undefined;
    });
    expect(jobs.map((j) => [j.name, j.data.grantId])).toEqual([["authorize", grant!.id]]);
    const dm = await e2e.stack.slack.waitForCall(
      "chat.postMessage",
      (c) => c.args.channel === e2e!.stack.slack.dmChannelFor("U0ALICE01"),
      5000,
    );
    expect(String(dm.args.text)).toContain(`Request \`${grant!.id}\` received`);
  });
});
