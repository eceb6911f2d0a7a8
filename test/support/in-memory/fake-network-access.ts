import { AjarError } from "../../../src/domain/errors.js";
import type {
  NetworkAccess,
  NsgSnapshot,
  SecurityRuleInfo,
  SecurityRuleSpec,
  VmNetwork,
  VmSummary,
} from "../../../src/domain/ports/network-access.port.js";
import { RULE_PREFIX } from "../../../src/domain/rules/rule-naming.js";

interface Nsg {
  id: string;
  subscriptionId: string;
  etag: number;
  rules: SecurityRuleInfo[];
}

export interface NetworkWrite {
  op: "put" | "delete" | "replace";
  nsgId: string;
  /** The rule written or deleted; for a whole-NSG write, ajar's rules after it. */
  names: string[];
}

const subscriptionOf = (id: string): string => id.split("/")[2] ?? "";
const ruleFromSpec = (spec: SecurityRuleSpec): SecurityRuleInfo => ({ ...spec, sourcePortRanges: ["*"] });
const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * Azure's network as ajar's port sees it: VMs with their NSGs, and NSGs holding rules under an etag
 * that moves with every write. A whole-NSG write with a stale etag fails with CLOUD.STALE, as ARM's
 * 412 does. `failNextWrite` makes the next write (put, delete or whole-NSG) throw instead of landing.
 */
export class FakeNetworkAccess implements NetworkAccess {
  private readonly vms = new Map<string, VmNetwork>();
  private readonly nsgs = new Map<string, Nsg>();
  private readonly failures: { error: Error; nsgId?: string }[] = [];
  private listingFailure: Error | undefined;
  readonly writes: NetworkWrite[] = [];
  /** Reads of VM networks, to see what a use case asked of Azure. */
  resolves = 0;

  addVm(vm: VmSummary, privateIps: string[], nsgIds: string[]): void {
    this.vms.set(vm.id.toLowerCase(), { vm, privateIps, nsgIds });
    for (const id of nsgIds) if (!this.nsgs.has(id.toLowerCase())) this.addNsg(id);
  }

  addNsg(id: string, rules: SecurityRuleInfo[] = []): void {
    this.nsgs.set(id.toLowerCase(), { id, subscriptionId: subscriptionOf(id), etag: 1, rules: structuredClone(rules) });
  }

  removeVm(vmId: string): void {
    this.vms.delete(vmId.toLowerCase());
  }

  /** The next write (to `nsgId`, or to any NSG) throws `error` and changes nothing; calls queue up. */
  failNextWrite(error: Error, nsgId?: string): void {
    this.failures.push({ error, ...(nsgId ? { nsgId } : {}) });
  }

  /** Every listing of a subscription (VMs, networks, NSGs) throws `error` until called with undefined. */
  refuseListings(error: Error | undefined): void {
    this.listingFailure = error;
  }

  /** Someone else writes the NSG (an administrator, another tool): its etag moves. */
  touch(nsgId: string, change: (rules: SecurityRuleInfo[]) => SecurityRuleInfo[] = (r) => r): void {
    const nsg = this.nsg(nsgId);
    nsg.rules = change(nsg.rules);
    nsg.etag++;
  }

  rules(nsgId: string): SecurityRuleInfo[] {
    return structuredClone(this.nsg(nsgId).rules);
  }

  ruleNames(nsgId: string): string[] {
    return this.nsg(nsgId)
      .rules.map((r) => r.name)
      .sort();
  }

  async listVms(subscriptionIds: string[]): Promise<VmSummary[]> {
    if (this.listingFailure) throw this.listingFailure;
    return [...this.vms.values()]
      .filter((n) => subscriptionIds.some((s) => same(s, n.vm.subscriptionId)))
      .map((n) => structuredClone(n.vm));
  }

  async resolveVmNetwork(vmId: string): Promise<VmNetwork> {
    this.resolves++;
    const network = this.vms.get(vmId.toLowerCase());
    if (!network) throw new AjarError("CLOUD.NOT_FOUND", `The VM ${vmId.split("/").pop()} does not exist.`);
    return structuredClone(network);
  }

  async listVmNetworks(
    subscriptionId: string,
  ): Promise<{ vms: VmNetwork[]; unresolved: { vm: VmSummary; reason: string }[] }> {
    if (this.listingFailure) throw this.listingFailure;
    return {
      vms: [...this.vms.values()]
        .filter((n) => same(n.vm.subscriptionId, subscriptionId))
        .map((n) => structuredClone(n)),
      unresolved: [],
    };
  }

  async listRules(nsgId: string): Promise<SecurityRuleInfo[]> {
    return this.rules(nsgId);
  }

  async getSecurityGroup(nsgId: string): Promise<NsgSnapshot> {
    const nsg = this.nsgs.get(nsgId.toLowerCase());
    if (!nsg) throw new AjarError("CLOUD.NOT_FOUND", `The NSG ${nsgId.split("/").pop()} does not exist.`);
    return { id: nsg.id, etag: `W/"${nsg.etag}"`, rules: structuredClone(nsg.rules) };
  }

  async listSecurityGroups(subscriptionId: string): Promise<NsgSnapshot[]> {
    if (this.listingFailure) throw this.listingFailure;
    const ids = [...this.nsgs.values()].filter((n) => same(n.subscriptionId, subscriptionId)).map((n) => n.id);
    return Promise.all(ids.map((id) => this.getSecurityGroup(id)));
  }

  async replaceAjarRules(snapshot: NsgSnapshot, ajarRules: SecurityRuleSpec[]): Promise<void> {
    const nsg = this.write(snapshot.id);
    if (snapshot.etag !== `W/"${nsg.etag}"`)
      throw new AjarError("CLOUD.STALE", `The NSG changed while ajar was writing it; ajar reads it again.`, {
        retryable: true,
      });
    const others = snapshot.rules.filter((r) => !r.name.startsWith(RULE_PREFIX));
    nsg.rules = [...structuredClone(others), ...ajarRules.map(ruleFromSpec)];
    nsg.etag++;
    this.writes.push({ op: "replace", nsgId: nsg.id, names: ajarRules.map((r) => r.name) });
  }

  async putRule(nsgId: string, rule: SecurityRuleSpec): Promise<void> {
    const nsg = this.write(nsgId);
    nsg.rules = [...nsg.rules.filter((r) => !same(r.name, rule.name)), ruleFromSpec(rule)];
    nsg.etag++;
    this.writes.push({ op: "put", nsgId: nsg.id, names: [rule.name] });
  }

  async deleteRule(nsgId: string, ruleName: string): Promise<void> {
    const nsg = this.write(nsgId);
    nsg.rules = nsg.rules.filter((r) => !same(r.name, ruleName));
    nsg.etag++;
    this.writes.push({ op: "delete", nsgId: nsg.id, names: [ruleName] });
  }

  async listEffectiveRules(): Promise<[]> {
    return [];
  }

  private nsg(nsgId: string): Nsg {
    const nsg = this.nsgs.get(nsgId.toLowerCase());
    if (!nsg) throw new Error(`no NSG ${nsgId} in the fake network`);
    return nsg;
  }

  private write(nsgId: string): Nsg {
    const i = this.failures.findIndex((f) => !f.nsgId || same(f.nsgId, nsgId));
    if (i >= 0) throw this.failures.splice(i, 1)[0]!.error;
    const nsg = this.nsgs.get(nsgId.toLowerCase());
    if (!nsg) throw new AjarError("CLOUD.NOT_FOUND", `The NSG ${nsgId.split("/").pop()} does not exist.`);
    return nsg;
  }
}
