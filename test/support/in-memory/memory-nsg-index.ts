import type { NsgIndex } from "../../../src/app/ports/nsg-index.port.js";
import type { NsgVm } from "../../../src/domain/rules/plan-nsg.js";

/** Which grants and covered VMs each NSG serves, keyed case-insensitively as the Redis index is. */
export class MemoryNsgIndex implements NsgIndex {
  private readonly grants = new Map<string, { id: string; grantIds: Set<string> }>();
  private readonly covered = new Map<string, { id: string; vms: NsgVm[]; complete: boolean }>();

  async addGrant(nsgId: string, grantId: string): Promise<void> {
    const entry = this.grants.get(nsgId.toLowerCase()) ?? { id: nsgId, grantIds: new Set<string>() };
    entry.grantIds.add(grantId);
    this.grants.set(nsgId.toLowerCase(), entry);
  }

  async removeGrant(nsgId: string, grantId: string): Promise<void> {
    this.grants.get(nsgId.toLowerCase())?.grantIds.delete(grantId);
  }

  async grantIds(nsgId: string): Promise<string[]> {
    return [...(this.grants.get(nsgId.toLowerCase())?.grantIds ?? [])];
  }

  async vms(nsgId: string): Promise<{ vms: NsgVm[]; complete: boolean }> {
    const entry = this.covered.get(nsgId.toLowerCase());
    return entry ? { vms: structuredClone(entry.vms), complete: entry.complete } : { vms: [], complete: false };
  }

  async setVms(nsgId: string, vms: NsgVm[]): Promise<void> {
    this.covered.set(nsgId.toLowerCase(), { id: nsgId, vms: structuredClone(vms), complete: true });
  }

  async upsertVm(nsgIds: string[], vm: NsgVm): Promise<void> {
    for (const nsgId of nsgIds) {
      const entry = this.covered.get(nsgId.toLowerCase()) ?? { id: nsgId, vms: [], complete: false };
      entry.vms = [...entry.vms.filter((v) => v.id.toLowerCase() !== vm.id.toLowerCase()), structuredClone(vm)];
      this.covered.set(nsgId.toLowerCase(), entry);
    }
  }

  async knownNsgs(): Promise<string[]> {
    const ids = new Map<string, string>();
    for (const [key, entry] of [...this.grants, ...this.covered]) ids.set(key, entry.id);
    return [...ids.values()];
  }
}
