import { resourceName } from "../../domain/azure-id/resource-id.js";
import { AjarError } from "../../domain/errors.js";
import { firewallFor } from "../../domain/firewall/firewall-for-vm.js";
import type { AuthorizedGrant, GrantFirewall } from "../../domain/grant/grant.js";
import type { VmSummary } from "../../domain/ports/network-access.port.js";
import type { Deps } from "../deps.js";
import { policyOfGrant } from "../settings.js";

/**
 * For a grant whose policy puts its VM behind an Azure Firewall: the firewall, the public address the
 * requester will use, and the AzureFirewallSubnet range its NSG rules must admit (after DNAT the VM
 * sees the firewall as the source). Read from ARM before anything is written, and recorded on the
 * grant. `undefined` when the VM is reached directly.
 */
export async function planFirewallOpening(
  deps: Pick<Deps, "settings" | "firewalls">,
  grant: AuthorizedGrant,
  vm: VmSummary,
  signal?: AbortSignal,
): Promise<GrantFirewall | undefined> {
  const policy = policyOfGrant(deps.settings, grant);
  const target = policy ? firewallFor(policy, vm) : undefined;
  if (!target) return undefined;
  const name = resourceName(target.id);
  if (!deps.firewalls)
    throw new AjarError(
      "CLOUD.REJECTED",
      `${grant.target.vmName} is reached through the firewall ${name}, which this ajar process cannot write to.`,
    );
  const snapshot = await deps.firewalls.read(target.id, signal);
  const pip = snapshot.publicIps.find(
    (p) => p.address === target.publicIp || p.id.toLowerCase() === target.publicIp.toLowerCase(),
  );
  if (!pip) {
    throw new AjarError(
      "CONFIG.INVALID",
      `The firewall ${name} has no public IP ${target.publicIp} (it has ${snapshot.publicIps.map((p) => p.address).join(", ") || "none"}); an administrator must fix the policy's firewall.publicIp.`,
    );
  }
  const [range, ...more] = pip.privateRanges;
  if (!range || more.length > 0) {
    throw new AjarError(
      "CLOUD.REJECTED",
      `The firewall ${name}'s AzureFirewallSubnet has ${pip.privateRanges.length} address prefixes; ajar needs exactly one to let the firewall's connections through ${grant.target.vmName}'s NSGs.`,
    );
  }
  return { id: target.id, publicIp: pip.address, privateRange: range };
}
