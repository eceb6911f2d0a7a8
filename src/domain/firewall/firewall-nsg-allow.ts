import { AjarError } from "../errors.js";

/** What an NSG allow rule for a grant reached through a firewall must match (name and priority are the NSG planner's). */
export interface FirewallNsgAllow {
  protocol: "Tcp" | "Udp" | "*";
  sourceAddressPrefixes: string[];
  destinationAddressPrefixes: string[];
  destinationPortRanges: string[];
}

/**
 * After DNAT, Azure Firewall also translates the source to one of its own addresses in
 * AzureFirewallSubnet, so the VM's NSGs see the firewall, never the requester. Copying the
 * requester's address into the NSG (Defender's JIT does) opens nothing; the rule must allow the
 * firewall subnet, and the requester is restricted by the DNAT rule's source instead.
 */
export function firewallNsgAllow(input: { privateRanges: string[]; vmPrivateIp: string; vmPort: number; protocol: FirewallNsgAllow["protocol"] }): FirewallNsgAllow {
  if (input.privateRanges.length === 0) {
    throw new AjarError("CLOUD.REJECTED", "The firewall's AzureFirewallSubnet address range could not be read, so no NSG rule can let its connections through; check that ajar may read the firewall's subnet.");
  }
  return {
    protocol: input.protocol,
    sourceAddressPrefixes: [...input.privateRanges],
    destinationAddressPrefixes: [input.vmPrivateIp],
    destinationPortRanges: [String(input.vmPort)],
  };
}
