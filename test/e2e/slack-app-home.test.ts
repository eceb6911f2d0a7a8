import { afterEach, describe, expect, it } from "vitest";

import { jit, startE2E, until, waitForPending, waitForStatus, type E2E } from "../support/e2e.js";

/** Opens the Home tab as the user and resolves with what ajar published for it. */
async function openHome(e2e: E2E, userId: string): Promise<string> {
  const from = e2e.stack.slack.calls.length;
  const sent = await e2e.stack.client.event({ event: { type: "app_home_opened", user: userId, tab: "home" } });
  expect(sent.status).toBe(200);
  const call = await e2e.stack.slack.waitForCall(
    "views.publish",
    (c) => c.seq >= from && c.args.user_id === userId,
    5000,
  );
  return JSON.stringify(call.args.view);
}

const homeOf = (e2e: E2E, userId: string): string => JSON.stringify(e2e.stack.slack.homeView(userId)?.blocks ?? []);
/** Every version of the user's home, oldest first: a later republish may replace a notice quickly. */
const homeVersions = (e2e: E2E, userId: string): string[] =>
  (e2e.stack.slack.homeView(userId)?.history ?? []).map((h) => JSON.stringify(h.view));

/** A click on a button in the user's Home tab (no response_url there). */
async function clickInHome(e2e: E2E, userId: string, actionId: string, grantId: string): Promise<void> {
  const home = e2e.stack.slack.homeView(userId);
  expect(home, `${userId} has a home view`).toBeDefined();
  const sent = await e2e.stack.client.blockAction({ userId, actionId, value: grantId, view: { id: home!.id } });
  expect(sent.status).toBe(200);
}

describe("the App Home", () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it("shows the requester their grant with Cancel, and an approver the request with Approve and Deny", async () => {
    e2e = await startE2E();
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 30m because INC-5");
    await waitForPending(e2e, grantId!);
    // Going pending republishes the homes of everyone concerned; let that settle first.
    await until("the approvers' homes", () => e2e!.stack.slack.homeView("U0CAROL01"));

    const alice = await openHome(e2e, "U0ALICE01");
    expect(alice).toContain(`\`${grantId}\` ssh (22/Tcp) on \`vm-prod-1\``);
    expect(alice).toContain(
      `"action_id":"ajar.cancel","text":{"type":"plain_text","text":"Cancel","emoji":true},"value":"${grantId}"`,
    );
    expect(alice).not.toContain("Waiting for your decision");

    const bob = await openHome(e2e, "U0BOB0001");
    expect(bob).toContain("Waiting for your decision");
    expect(bob).toContain(`<@U0ALICE01> asks for ssh (22/Tcp) on \`vm-prod-1\``);
    expect(bob).toContain(`"action_id":"ajar.approve"`);
    expect(bob).toContain(`"action_id":"ajar.deny"`);
    expect(bob).toContain(grantId);

    // The home's Request access button opens the same form as /jit alone.
    await clickInHome(e2e, "U0ALICE01", "ajar.home.request", "home");
    const form = await e2e.stack.slack.waitForCall("views.open", undefined, 5000);
    expect(form.args.view).toMatchObject({ callback_id: "ajar.request" });

    // The Messages tab fires the same event; it has no home to refresh.
    const before = e2e.stack.slack.callsTo("views.publish").length;
    await e2e.stack.client.event({ event: { type: "app_home_opened", user: "U0CAROL01", tab: "messages" } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(e2e.stack.slack.callsTo("views.publish")).toHaveLength(before);
  });

  it("is republished for everyone concerned as the grant moves: approved from the home, opened, revoked from the home", async () => {
    e2e = await startE2E();
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 30m");
    await waitForPending(e2e, grantId!);
    await openHome(e2e, "U0BOB0001");

    await clickInHome(e2e, "U0BOB0001", "ajar.approve", grantId!);
    // Bob's home answers the click itself and drops the buttons for the decided request.
    const answer = await until("bob's home to show the outcome", () =>
      homeVersions(e2e!, "U0BOB0001").find((v) => /Approved: the port is being opened/.test(v)),
    );
    expect(answer).not.toContain("ajar.approve");

    // Opening is announced: Alice's home appears without her opening the tab, with time left and Revoke.
    await waitForStatus(e2e, grantId!, "active");
    await until("alice's home to show the open grant", () =>
      homeOf(e2e!, "U0ALICE01").includes(`"action_id":"ajar.revoke"`),
    );
    expect(homeOf(e2e, "U0ALICE01")).toMatch(
      /Open(, path confirmed)? until <!date\^\d+\^[^>]+> \((30m|29m \d+s) left\)/,
    );

    await clickInHome(e2e, "U0ALICE01", "ajar.revoke", grantId!);
    await waitForStatus(e2e, grantId!, "closed");
    await until("alice's home to list the grant as finished", () => {
      const home = homeOf(e2e!, "U0ALICE01");
      return (
        home.includes("Recently finished") &&
        home.includes(`:lock: Closed \`${grantId}\``) &&
        !home.includes("ajar.revoke")
      );
    });
    // After the close's own republish, the click's answer follows.
    await until("alice's home to answer the click", () =>
      homeVersions(e2e!, "U0ALICE01").some((v) => v.includes(`Closing \`${grantId}\``)),
    );
    // The approvers' homes were republished by the close too (Carol never opened hers).
    expect(e2e.stack.slack.homeView("U0CAROL01")).toBeDefined();
  });
});
