import { afterEach, describe, expect, it } from "vitest";

import { lockdownVms } from "../../../src/app/jobs/lockdown-vms.js";
import { e2eConfig, lockdownRule, NIC_NSG, startE2E, SUBNET_NSG, type E2E } from "../../support/e2e.js";

describe("lock-down (enabling JIT)", () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it("puts the deny below operator rules for the same ports, at the top otherwise, and never moves anyone else's rule", async () => {
    e2e = await startE2E(e2eConfig(), { worker: false });
    const { azure, runtime } = e2e.stack;
    azure.adminPutRule(NIC_NSG, {
      name: "Allow-SSH-Office",
      priority: 1200,
      direction: "Inbound",
      access: "Allow",
      protocol: "Tcp",
      sourceAddressPrefix: "198.51.100.0/24",
      destinationPortRange: "22",
    });
    const before = new Map(
      [...azure.getRules(NIC_NSG), ...azure.getRules(SUBNET_NSG)].map((r) => [r.name, r.priority]),
    );

    const report = await lockdownVms(runtime.deps);
    expect(report.errors).toEqual([]);
    expect(report.nsgs.filter((n) => n.error)).toEqual([]);
    expect(lockdownRule(e2e, NIC_NSG, "vm-prod-1")).toMatchObject({ access: "Deny", priority: 1201 });
    expect(lockdownRule(e2e, SUBNET_NSG, "vm-prod-1")?.priority).toBe(1000);
    // vm-prod-2 shares the subnet NSG: its own deny, its own priority.
    expect(lockdownRule(e2e, SUBNET_NSG, "vm-prod-2")?.priority).toBe(1001);
    for (const [name, priority] of before) {
      expect([...azure.getRules(NIC_NSG), ...azure.getRules(SUBNET_NSG)].find((r) => r.name === name)?.priority).toBe(
        priority,
      );
    }
    // vm-dev-1 is covered by no policy: its NSG is left alone.
    expect(report.nsgs.flatMap((n) => n.lockdowns).some((l) => l.vmName === "vm-dev-1")).toBe(false);

    azure.resetWriteLog();
    const again = await lockdownVms(runtime.deps);
    expect(again.nsgs.every((n) => n.writes === 0)).toBe(true);
    expect(azure.writeLog()).toHaveLength(0);
  });

  it("reports a subscription whose networks cannot be listed, unlocks nothing, and locks down once it can read them", async () => {
    e2e = await startE2E(e2eConfig(), { worker: false });
    const { azure, runtime } = e2e.stack;
    azure.setFaultRate({
      rate: 1,
      status: 403,
      code: "AuthorizationFailed",
      match: { method: "GET", path: "networkInterfaces" },
    });
    const blind = await lockdownVms(runtime.deps);
    // Without the NIC listing nothing is known of any VM's network, so nothing is unlocked or written.
    expect(blind.errors.join()).toMatch(/AuthorizationFailed|authorization/i);
    azure.clearFaults();
    const report = await lockdownVms(runtime.deps);
    expect(report.errors).toEqual([]);
    expect(lockdownRule(e2e, SUBNET_NSG, "vm-prod-2")).toBeDefined();
  });
});
