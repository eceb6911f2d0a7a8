import type { Settings } from "../../src/app/settings.js";
import { DEMO_SUBSCRIPTION, demoSettings } from "../../src/demo/demo-settings.js";
import type { VmSummary } from "../../src/domain/ports/network-access.port.js";

const vmId = (rg: string, name: string) =>
  `/subscriptions/${DEMO_SUBSCRIPTION}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;

export const vmSummary = (name: string, resourceGroup = "rg-prod"): VmSummary => ({
  id: vmId(resourceGroup, name),
  name,
  subscriptionId: DEMO_SUBSCRIPTION,
  resourceGroup,
  tags: {},
});

/** Demo policies: prod-linux (vm-prod-* in rg-prod, ssh, ≤ 3h) and windows (vm-win-*, rdp/winrm, ≤ 2h). */
export const VMS: VmSummary[] = [
  vmSummary("vm-prod-2"),
  vmSummary("vm-prod-1"),
  vmSummary("vm-win-1"),
  vmSummary("vm-dev-1", "rg-dev"),
];

export const settings = (): Settings => demoSettings();
