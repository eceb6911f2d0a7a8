import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { revokeFromCli } from "../../src/cli/commands/revoke.js";
import { DEMO_USERS } from "../../src/demo/demo-settings.js";
import { isAjarError } from "../../src/domain/errors.js";
import { NIC_NSG, opsConfig } from "../ops/support/ops-fixture.js";
import { jit, startE2E, until, waitForStatus, type E2E } from "../support/e2e.js";

describe("ajar revoke", () => {
  let e2e: E2E;

  beforeAll(async () => {
    // The demo estate (no extra deny assignments), as the operations tests use it.
    e2e = await startE2E(opsConfig(), { slackUsers: DEMO_USERS, azure: { operationDelayMs: 10 } });
  });
  afterAll(async () => {
    await e2e.close();
  });

  it("closes the grant like Slack's Revoke does, as an operator, and tells the channel", async () => {
    const { grantId, reply } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 30m because cli test");
    expect(grantId, reply).toBeDefined();
    const active = await waitForStatus(e2e, grantId!, "active");
    const ruleName = active.rules[0]!.name;
    expect(e2e.stack.azure.getRules(NIC_NSG).some((r) => r.name === ruleName)).toBe(true);

    // The operator is neither requester nor approver: only { operator: true } lets this through.
    const closed = await revokeFromCli(e2e.stack.runtime.deps, grantId!, "cli:tester");
    expect(closed).toMatchObject({ status: "closed", closeReason: "revoked" });
    expect(closed.history.at(-1)).toMatchObject({ type: "revoked", actor: "cli:tester" });
    expect(e2e.stack.azure.getRules(NIC_NSG).some((r) => r.name === ruleName)).toBe(false);

    const audit = await e2e.stack.runtime.deps.audit.read({});
    expect(audit.find((a) => a.grantId === grantId && a.event === "revoked")).toMatchObject({ actor: "cli:tester" });
    await until("the channel notice", () =>
      e2e.stack.slack
        .callsTo("chat.postMessage")
        .find(
          (c) => c.args.channel === "C0JITNOTE" && /was closed .*revoked by .*cli:tester/.test(String(c.args.text)),
        ),
    );

    // A second revoke changes nothing and says why.
    const again = await revokeFromCli(e2e.stack.runtime.deps, grantId!, "cli:tester").catch((error: unknown) => error);
    expect(isAjarError(again) && again.code).toBe("GRANT.STALE");
  });
});
