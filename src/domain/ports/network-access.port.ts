/**
 * What the grant lifecycle needs from the cloud network. The Azure adapter implements it with
 * @azure/arm-network; nothing in the domain knows about ARM.
 */

export type RuleProtocol = "Tcp" | "Udp" | "*";
export type RuleAccess = "Allow" | "Deny";
export type RuleDirection = "Inbound" | "Outbound";

/** A security rule as the domain sees it (ARM's fields, flattened). */
export interface SecurityRuleInfo {
  name: string;
  priority: number;
  direction: RuleDirection;
  access: RuleAccess;
  protocol: RuleProtocol | "Icmp" | "Esp" | "Ah";
  sourceAddressPrefixes: string[];
  sourcePortRanges: string[];
  destinationAddressPrefixes: string[];
  destinationPortRanges: string[];
  description?: string;
}

/** The rule ajar asks to be written. */
export interface SecurityRuleSpec {
  name: string;
  priority: number;
  direction: RuleDirection;
  access: RuleAccess;
  protocol: RuleProtocol;
  sourceAddressPrefixes: string[];
  destinationAddressPrefixes: string[];
  destinationPortRanges: string[];
  description: string;
}

export interface VmSummary {
  /** Full ARM id: /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines/{name} */
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location?: string;
  tags: Record<string, string>;
}

/** Where a VM's inbound traffic is filtered: every NSG on the path and the addresses to target. */
export interface VmNetwork {
  vm: VmSummary;
  privateIps: string[];
  /** NIC NSGs and subnet NSGs, de-duplicated; inbound traffic must pass all of them. */
  nsgIds: string[];
}

/** An NSG as read: its custom rules and the etag that guards a write of the whole resource. */
export interface NsgSnapshot {
  id: string;
  etag: string;
  rules: SecurityRuleInfo[];
  /** The adapter's own copy of the resource, so a whole-NSG write carries everyone else's rules verbatim. */
  readonly raw?: unknown;
}

/**
 * A rule as Azure evaluates it on a NIC (the effective security rules): service tags already expanded
 * to prefixes, ports always as `low-high` ranges, protocol `Tcp|Udp|All`.
 */
export interface EffectiveRule {
  /** As ARM names it: `securityRules/x`, `defaultSecurityRules/x`, or an admin rule's name. */
  name: string;
  priority: number;
  direction: RuleDirection;
  access: RuleAccess;
  protocol: string;
  sourcePrefixes: string[];
  destinationPrefixes: string[];
  sourcePortRanges: string[];
  destinationPortRanges: string[];
}

/** One NSG (or network-manager rule set) on a NIC's path, as Azure reports it. */
export interface EffectiveNsg {
  /** Absent for rules that come from Azure Virtual Network Manager rather than an NSG. */
  nsgId?: string;
  appliesTo: "nic" | "subnet" | "network-manager";
  rules: EffectiveRule[];
}

export interface NetworkAccess {
  /** Every VM the bot identity can see in the given subscriptions. */
  listVms(subscriptionIds: string[], signal?: AbortSignal): Promise<VmSummary[]>;
  /** Resolves VM → NICs → NIC NSG + subnet NSG. Throws NotFoundError when the VM does not exist. */
  resolveVmNetwork(vmId: string, signal?: AbortSignal): Promise<VmNetwork>;
  /**
   * Every VM of one subscription with its network, from a few paged listings (VMs, NICs, virtual
   * networks) instead of reads per VM: the sweeper runs this every minute. A VM whose network cannot
   * be worked out is listed in `unresolved` and left out of `vms`.
   */
  listVmNetworks(
    subscriptionId: string,
    signal?: AbortSignal,
  ): Promise<{ vms: VmNetwork[]; unresolved: { vm: VmSummary; reason: string }[] }>;
  listRules(nsgId: string, signal?: AbortSignal): Promise<SecurityRuleInfo[]>;
  /** One NSG with its etag. */
  getSecurityGroup(nsgId: string, signal?: AbortSignal): Promise<NsgSnapshot>;
  /** Every NSG of one subscription with its rules and etag, in one paged listing. */
  listSecurityGroups(subscriptionId: string, signal?: AbortSignal): Promise<NsgSnapshot[]>;
  /**
   * Writes the whole NSG with `If-Match: <snapshot etag>`: every rule that is not ajar's exactly as it
   * was read, and `ajarRules` as ajar's. A stale etag fails with CLOUD.STALE.
   */
  replaceAjarRules(snapshot: NsgSnapshot, ajarRules: SecurityRuleSpec[], signal?: AbortSignal): Promise<void>;
  /** Create or replace a rule; resolves when ARM reports the operation Succeeded. */
  putRule(nsgId: string, rule: SecurityRuleSpec, signal?: AbortSignal): Promise<void>;
  /** Delete a rule; a rule that is already gone is not an error. */
  deleteRule(nsgId: string, ruleName: string, signal?: AbortSignal): Promise<void>;
  /** What Azure says is in force on the VM's NICs (effectiveNetworkSecurityGroups), per NSG on the path. */
  listEffectiveRules(vmId: string, signal?: AbortSignal): Promise<EffectiveNsg[]>;
}
