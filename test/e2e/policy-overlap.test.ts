import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { allowRules, e2eConfig, jit, NIC_NSG, startE2E, SUBNET_NSG, waitForPending, type E2E } from "../support/e2e.js";

describe("a VM several policies cover gets the strictest", () => {
  let e2e: E2E;
  beforeAll(async () => {
    const strict = (e2eConfig().policies as Record<string, unknown>[])[0]!;
    // Listed first and selecting by a tag anyone with tag-write rights could set: it must not win.
    const laxByTag = {
      name: "lax-by-tag",
      vms: [{ tags: { role: "api" } }],
      ports: [{ port: 22 }],
      allowedSources: ["203.0.113.0/24"],
      approval: { mode: "none" },
    };
    e2e = await startE2E(e2eConfig({ policies: [laxByTag, strict] }));
  });
  afterAll(async () => {
    await e2e.close();
  });

  it("asks for approval under the stricter policy instead of opening at once under the laxer one", async () => {
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 30m");
    const grant = await waitForPending(e2e, grantId!);
    expect(grant.policyName).toBe("prod-linux");
    expect(grant.approval.required).toBe(1);
    expect(allowRules(e2e, NIC_NSG)).toHaveLength(0);
    expect(allowRules(e2e, SUBNET_NSG)).toHaveLength(0);
  });
});
