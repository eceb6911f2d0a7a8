import {
  startAzureSimulator,
  type AzureSeed,
  type AzureSimulator,
  type AzureSimulatorOptions,
} from "../../../../src/simulators/azure/index.js";
import { demoSeed, RG_ID } from "./sim-fixture.js";

export const FW_CLASSIC = `${RG_ID}/providers/Microsoft.Network/azureFirewalls/fw-classic`;
export const FW_POLICY = `${RG_ID}/providers/Microsoft.Network/azureFirewalls/fw-policy`;
export const POLICY = `${RG_ID}/providers/Microsoft.Network/firewallPolicies/fwpol-prod`;
export const PIP_CLASSIC = `${RG_ID}/providers/Microsoft.Network/publicIPAddresses/pip-fw-classic`;
export const PIP_POLICY = `${RG_ID}/providers/Microsoft.Network/publicIPAddresses/pip-fw-policy`;
export const FW_SUBNET = `${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet-prod/subnets/AzureFirewallSubnet`;
export const HUB_FW_SUBNET = `${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/AzureFirewallSubnet`;
export const CLASSIC_IP = "20.1.2.3";
export const POLICY_IP = "20.1.2.4";
/** The fourth address of each AzureFirewallSubnet, which Azure gives the firewall. */
export const CLASSIC_PRIVATE_IP = "10.0.255.4";
export const POLICY_PRIVATE_IP = "10.1.0.4";

/** An operator's DNAT rule (classic shape) publishing HTTPS on vm-prod-2. */
export const webNatCollection = {
  name: "web-publish",
  properties: {
    priority: 200,
    action: { type: "Dnat" },
    rules: [
      {
        name: "https",
        protocols: ["TCP"],
        sourceAddresses: ["*"],
        destinationAddresses: [CLASSIC_IP],
        destinationPorts: ["443"],
        translatedAddress: "10.0.1.5",
        translatedPort: "443",
      },
    ],
  },
};

/** An operator's rule collection (policy shape) publishing HTTPS on vm-prod-2. */
export const webPolicyCollection = {
  ruleCollectionType: "FirewallPolicyNatRuleCollection",
  name: "web-publish",
  priority: 200,
  action: { type: "DNAT" },
  rules: [
    {
      ruleType: "NatRule",
      name: "https",
      ipProtocols: ["TCP"],
      sourceAddresses: ["*"],
      destinationAddresses: [POLICY_IP],
      destinationPorts: ["443"],
      translatedAddress: "10.0.1.5",
      translatedPort: "443",
    },
  ],
};

/**
 * The demo estate plus two firewalls in front of it: `fw-classic` (classic rules, in vnet-prod) and
 * `fw-policy` (Firewall Policy `fwpol-prod`, in a peered hub VNet), each with an operator's DNAT rule.
 */
export async function firewallSeed(): Promise<AzureSeed> {
  const seed = await demoSeed();
  const rg = seed.subscriptions[0]!.resourceGroups![0]!;
  rg.virtualNetworks![0]!.subnets!.push({ name: "AzureFirewallSubnet", addressPrefix: "10.0.255.0/26" });
  rg.virtualNetworks!.push({
    name: "vnet-hub",
    addressSpace: ["10.1.0.0/16"],
    subnets: [{ name: "AzureFirewallSubnet", addressPrefix: "10.1.0.0/26" }],
  });
  rg.publicIpAddresses = [
    { name: "pip-fw-classic", ipAddress: CLASSIC_IP },
    { name: "pip-fw-policy", ipAddress: POLICY_IP },
  ];
  rg.firewallPolicies = [
    {
      name: "fwpol-prod",
      ruleCollectionGroups: [
        { name: "DefaultDnatRuleCollectionGroup", priority: 100, ruleCollections: [webPolicyCollection] },
      ],
    },
  ];
  rg.azureFirewalls = [
    {
      name: "fw-classic",
      subnet: "vnet-prod/AzureFirewallSubnet",
      publicIpAddresses: ["pip-fw-classic"],
      natRuleCollections: [webNatCollection],
    },
    {
      name: "fw-policy",
      subnet: "vnet-hub/AzureFirewallSubnet",
      publicIpAddresses: ["pip-fw-policy"],
      firewallPolicy: "fwpol-prod",
    },
  ];
  return seed;
}

export async function startFirewallSimulator(options: Partial<AzureSimulatorOptions> = {}): Promise<AzureSimulator> {
  return startAzureSimulator({ seed: await firewallSeed(), ...options });
}

/** A DNAT rule in the classic shape, for `natRuleCollections[].properties.rules`. */
export const classicRule = (overrides: Record<string, unknown> = {}) => ({
  name: "ajar-g1",
  protocols: ["TCP"],
  sourceAddresses: ["203.0.113.7"],
  destinationAddresses: [CLASSIC_IP],
  destinationPorts: ["50000"],
  translatedAddress: "10.0.1.4",
  translatedPort: "22",
  ...overrides,
});
