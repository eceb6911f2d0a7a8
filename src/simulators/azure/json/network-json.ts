import type {
  NicRecord,
  NsgRecord,
  RuleProperties,
  RuleRecord,
  SimState,
  SubnetRecord,
  VnetRecord,
} from "../state/model.js";

/** Shapes follow networkSecurityGroup.json / networkInterface.json / virtualNetwork.json in azure-rest-api-specs. */

const ruleBody = (props: RuleProperties, provisioningState: string) => ({
  provisioningState,
  protocol: props.protocol,
  ...(props.sourcePortRange === undefined ? {} : { sourcePortRange: props.sourcePortRange }),
  ...(props.destinationPortRange === undefined ? {} : { destinationPortRange: props.destinationPortRange }),
  ...(props.sourceAddressPrefix === undefined ? {} : { sourceAddressPrefix: props.sourceAddressPrefix }),
  ...(props.destinationAddressPrefix === undefined ? {} : { destinationAddressPrefix: props.destinationAddressPrefix }),
  access: props.access,
  priority: props.priority,
  direction: props.direction,
  sourcePortRanges: props.sourcePortRanges,
  destinationPortRanges: props.destinationPortRanges,
  sourceAddressPrefixes: props.sourceAddressPrefixes,
  destinationAddressPrefixes: props.destinationAddressPrefixes,
  ...(props.description === undefined ? {} : { description: props.description }),
});

export const securityRuleJson = (nsg: NsgRecord, rule: RuleRecord) => ({
  name: rule.name,
  id: `${nsg.id}/securityRules/${rule.name}`,
  etag: rule.etag,
  type: "Microsoft.Network/networkSecurityGroups/securityRules",
  properties: ruleBody(rule.properties, rule.provisioningState),
});

type DefaultRule = [
  name: string,
  direction: "Inbound" | "Outbound",
  priority: number,
  access: "Allow" | "Deny",
  source: string,
  destination: string,
  description: string,
];

/** The six rules every NSG carries and nobody can delete. */
const DEFAULT_RULES: DefaultRule[] = [
  [
    "AllowVnetInBound",
    "Inbound",
    65000,
    "Allow",
    "VirtualNetwork",
    "VirtualNetwork",
    "Allow inbound traffic from all VMs in VNET",
  ],
  [
    "AllowAzureLoadBalancerInBound",
    "Inbound",
    65001,
    "Allow",
    "AzureLoadBalancer",
    "*",
    "Allow inbound traffic from azure load balancer",
  ],
  ["DenyAllInBound", "Inbound", 65500, "Deny", "*", "*", "Deny all inbound traffic"],
  [
    "AllowVnetOutBound",
    "Outbound",
    65000,
    "Allow",
    "VirtualNetwork",
    "VirtualNetwork",
    "Allow outbound traffic from all VMs to all VMs in VNET",
  ],
  [
    "AllowInternetOutBound",
    "Outbound",
    65001,
    "Allow",
    "*",
    "Internet",
    "Allow outbound traffic from all VMs to Internet",
  ],
  ["DenyAllOutBound", "Outbound", 65500, "Deny", "*", "*", "Deny all outbound traffic"],
];

export const defaultSecurityRulesJson = (nsg: NsgRecord) =>
  DEFAULT_RULES.map(([name, direction, priority, access, source, destination, description]) => ({
    name,
    id: `${nsg.id}/defaultSecurityRules/${name}`,
    etag: nsg.etag,
    type: "Microsoft.Network/networkSecurityGroups/defaultSecurityRules",
    properties: ruleBody(
      {
        protocol: "*",
        sourcePortRange: "*",
        destinationPortRange: "*",
        sourceAddressPrefix: source,
        destinationAddressPrefix: destination,
        access,
        priority,
        direction,
        description,
        sourcePortRanges: [],
        destinationPortRanges: [],
        sourceAddressPrefixes: [],
        destinationAddressPrefixes: [],
      },
      "Succeeded",
    ),
  }));

function allNics(state: SimState): NicRecord[] {
  return [...state.subscriptions.values()].flatMap((s) =>
    [...s.resourceGroups.values()].flatMap((rg) => [...rg.nics.values()]),
  );
}

function allSubnets(state: SimState): SubnetRecord[] {
  return [...state.subscriptions.values()].flatMap((s) =>
    [...s.resourceGroups.values()].flatMap((rg) => [...rg.vnets.values()].flatMap((v) => [...v.subnets.values()])),
  );
}

const sameId = (a: string | undefined, b: string): boolean => a !== undefined && a.toLowerCase() === b.toLowerCase();

export const networkSecurityGroupJson = (state: SimState, nsg: NsgRecord) => ({
  name: nsg.name,
  id: nsg.id,
  etag: nsg.etag,
  type: "Microsoft.Network/networkSecurityGroups",
  location: nsg.location,
  tags: nsg.tags,
  properties: {
    resourceGuid: nsg.resourceGuid,
    provisioningState: nsg.provisioningState ?? "Succeeded",
    securityRules: [...nsg.rules.values()].map((r) => securityRuleJson(nsg, r)),
    defaultSecurityRules: defaultSecurityRulesJson(nsg),
    networkInterfaces: allNics(state)
      .filter((n) => sameId(n.nsgId, nsg.id))
      .map((n) => ({ id: n.id })),
    subnets: allSubnets(state)
      .filter((s) => sameId(s.nsgId, nsg.id))
      .map((s) => ({ id: s.id })),
  },
});

export const networkInterfaceJson = (nic: NicRecord) => ({
  name: nic.name,
  id: nic.id,
  etag: `W/"${nic.id.length}"`,
  type: "Microsoft.Network/networkInterfaces",
  location: nic.location,
  properties: {
    provisioningState: "Succeeded",
    ipConfigurations: nic.ipConfigurations.map((ip) => ({
      name: ip.name,
      id: `${nic.id}/ipConfigurations/${ip.name}`,
      type: "Microsoft.Network/networkInterfaces/ipConfigurations",
      properties: {
        provisioningState: "Succeeded",
        privateIPAddress: ip.privateIpAddress,
        privateIPAllocationMethod: "Static",
        privateIPAddressVersion: ip.privateIpAddress.includes(":") ? "IPv6" : "IPv4",
        subnet: { id: ip.subnetId },
        primary: ip.primary,
      },
    })),
    ...(nic.nsgId ? { networkSecurityGroup: { id: nic.nsgId } } : {}),
    ...(nic.vmId ? { virtualMachine: { id: nic.vmId } } : {}),
    primary: true,
    enableAcceleratedNetworking: false,
    enableIPForwarding: false,
    nicType: "Standard",
  },
});

export const subnetJson = (state: SimState, subnet: SubnetRecord) => ({
  name: subnet.name,
  id: subnet.id,
  etag: `W/"${subnet.id.length}"`,
  type: "Microsoft.Network/virtualNetworks/subnets",
  properties: {
    provisioningState: "Succeeded",
    addressPrefix: subnet.addressPrefix,
    ...(subnet.nsgId ? { networkSecurityGroup: { id: subnet.nsgId } } : {}),
    ipConfigurations: allNics(state).flatMap((n) =>
      n.ipConfigurations
        .filter((ip) => sameId(ip.subnetId, subnet.id))
        .map((ip) => ({ id: `${n.id}/ipConfigurations/${ip.name}` })),
    ),
  },
});

export const virtualNetworkJson = (state: SimState, vnet: VnetRecord) => ({
  name: vnet.name,
  id: vnet.id,
  etag: `W/"${vnet.id.length}"`,
  type: "Microsoft.Network/virtualNetworks",
  location: vnet.location,
  properties: {
    provisioningState: "Succeeded",
    addressSpace: { addressPrefixes: vnet.addressSpace },
    subnets: [...vnet.subnets.values()].map((s) => subnetJson(state, s)),
  },
});
