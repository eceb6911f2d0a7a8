import { afterEach, describe, expect, it } from "vitest";
import { lockdownVms } from "../../src/app/lockdown-vms.js";
import { e2eConfig, NIC_NSG, startE2E, SUBNET_NSG, type E2E } from "../support/e2e.js";

describe("lock-down (enabling JIT)", () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it("puts the deny below operator rules for the same ports, at the top otherwise, and never moves anyone else's rule", async () => {
    e2e = await startE2E(e2eConfig(), { worker: false });
    const { azure, runtime } = e2e.stack;
    azure.adminPutRule(NIC_NSG, { name: "Allow-SSH-Office", priority: 1200, direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: "198.51.100.0/24", destinationPortRange: "22" });
    const before = new Map([...azure.getRules(NIC_NSG), ...azure.getRules(SUBNET_NSG)].map((r) => [r.name, r.priority]));

    const report = await lockdownVms(runtime.deps);
    expect(report.filter((r) => r.error)).toEqual([]);
    const nicDeny = azure.getRules(NIC_NSG).find((r) => r.name === "ajar-lockdown-vm-prod-1")!;
    expect(nicDeny).toMatchObject({ access: "Deny", priority: 1201 });
    const subnetDeny = azure.getRules(SUBNET_NSG).find((r) => r.name === "ajar-lockdown-vm-prod-1")!;
    expect(subnetDeny.priority).toBe(1000);
    // vm-prod-2 shares the subnet NSG: its own deny, its own priority.
    expect(azure.getRules(SUBNET_NSG).find((r) => r.name === "ajar-lockdown-vm-prod-2")?.priority).toBe(1001);
    for (const [name, priority] of before) {
      expect([...azure.getRules(NIC_NSG), ...azure.getRules(SUBNET_NSG)].find((r) => r.name === name)?.priority).toBe(priority);
    }
    // vm-dev-1 is covered by no policy: its NSG is left alone.
    expect(report.some((r) => r.vm === "vm-dev-1")).toBe(false);

    azure.resetWriteLog();
    const again = await lockdownVms(runtime.deps);
    expect(again.every((r) => !r.changed)).toBe(true);
    expect(azure.writeLog()).toHaveLength(0);
  });
});
