import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { runCli } from "../../src/cli/run-cli.js";
import { parseConfig } from "../../src/config/load-config.js";
import { formatScan, scanVms } from "../../src/ops/scan/scan-vms.js";
import type { AzureSimulator } from "../../src/simulators/azure/index.js";
import { NIC_NSG, opsConfig, portsFor, startDemoAzure, SUBNET_NSG, writeConfig } from "./support/ops-fixture.js";

const settings = parseConfig(opsConfig(), "test configuration");
const openSsh = (name: string, priority: number) => ({
  name,
  priority,
  direction: "Inbound" as const,
  access: "Allow" as const,
  protocol: "Tcp",
  sourceAddressPrefix: "Internet",
  destinationAddressPrefix: "*",
  destinationPortRange: "22",
});

describe("ajar scan", () => {
  let azure: AzureSimulator;
  beforeAll(async () => {
    azure = await startDemoAzure();
  });
  afterEach(() => {
    azure.reset();
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await azure.close();
  });

  const scan = () => scanVms({ settings, network: portsFor(azure).network });

  it("finds only the VM no policy covers in the closed demo estate", async () => {
    const report = await scan();
    expect(report.vms.map((v) => [v.vm, v.openPorts.length, v.policies])).toEqual([
      ["vm-prod-1", 0, ["prod-linux"]],
      ["vm-prod-2", 0, ["prod-linux"]],
      ["vm-win-1", 0, []],
    ]);
    expect(report.findings).toBe(1);
    expect(formatScan(report)).toContain(
      "UNCOVERED vm-win-1   no ajar policy covers it: its ports cannot be requested, nor are they locked down",
    );
  });

  it("needs every NSG on the path to allow: the subnet alone opens only the VM without a NIC NSG", async () => {
    azure.adminPutRule(SUBNET_NSG, openSsh("open-ssh", 200));
    const report = await scan();
    const prod2 = report.vms.find((v) => v.vm === "vm-prod-2")!;
    expect(prod2.openPorts).toEqual([{ port: 22, protocol: "Tcp", via: ["nsg-snet-app/open-ssh (priority 200)"] }]);
    // vm-prod-1's NIC NSG still denies by default.
    expect(report.vms.find((v) => v.vm === "vm-prod-1")!.openPorts).toEqual([]);

    azure.adminPutRule(NIC_NSG, openSsh("nic-ssh", 300));
    const both = (await scan()).vms.find((v) => v.vm === "vm-prod-1")!;
    expect(both.openPorts[0]?.via).toEqual([
      "nsg-snet-app/open-ssh (priority 200)",
      "nsg-vm-prod-1/nic-ssh (priority 300)",
    ]);
    expect(
      formatScan(await scan()).some((l) => l.startsWith("OPEN      vm-prod-1  22/Tcp reachable from the internet via")),
    ).toBe(true);
  });

  it("respects a deny with higher priority, like ajar's lock-down rule", async () => {
    azure.adminPutRule(SUBNET_NSG, openSsh("open-ssh", 2000));
    azure.adminPutRule(SUBNET_NSG, {
      ...openSsh("ajar-lockdown-vm-prod-2", 1000),
      access: "Deny",
      sourceAddressPrefix: "*",
      destinationAddressPrefix: "10.0.1.5",
    });
    const report = await scan();
    expect(report.vms.find((v) => v.vm === "vm-prod-2")!.openPorts).toEqual([]);
    // The lock-down names vm-prod-2's address only: vm-win-1 in the same subnet stays open.
    expect(report.vms.find((v) => v.vm === "vm-win-1")!.openPorts.map((p) => p.port)).toEqual([22]);
  });

  it("exits non-zero on findings, with --json for machines", async () => {
    const config = writeConfig(opsConfig());
    const printed: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => void printed.push(String(line)));
    try {
      azure.adminPutRule(SUBNET_NSG, openSsh("open-ssh", 200));
      const env = { AJAR_CONFIG: config.path, AZURE_ARM_ENDPOINT: azure.url, AZURE_ARM_TOKEN: "scan-token" };
      expect(await runCli(["scan", "--json"], env)).toBe(1);
      const report = JSON.parse(printed.join("\n")) as { findings: number; vms: { vm: string }[] };
      // vm-prod-2 (open), vm-win-1 (open and uncovered), and vm-prod-1: its NIC NSG keeps it closed, but
      // in the subnet NSG the operator's allow-from-any sits above any deny, so it is not locked down there.
      expect(report.findings).toBe(3);

      // Cover vm-win-1 and close the port: nothing left to report.
      const covered = writeConfig(
        opsConfig({
          policies: [
            ...(opsConfig().policies as object[]),
            {
              name: "windows",
              vms: [{ namePattern: "vm-win-*" }],
              ports: [{ port: 3389 }],
              allowedSources: ["203.0.113.0/24"],
              approval: { mode: "none" },
            },
          ],
        }),
      );
      azure.adminDeleteRule(SUBNET_NSG, "open-ssh");
      printed.length = 0;
      try {
        expect(await runCli(["scan"], { ...env, AJAR_CONFIG: covered.path })).toBe(0);
      } finally {
        covered.remove();
      }
      expect(printed.at(-1)).toBe("3 VMs scanned, 0 with findings.");
    } finally {
      config.remove();
    }
  });
});
