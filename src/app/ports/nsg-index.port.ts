import type { NsgVm } from "../../domain/rules/plan-nsg.js";

/**
 * What the reconciler of one NSG needs to know besides the NSG itself: which grants want a rule in
 * it, and which covered VMs sit behind it. Both are kept per NSG so a pass reads only its own.
 */
export interface NsgIndex {
  addGrant(nsgId: string, grantId: string): Promise<void>;
  removeGrant(nsgId: string, grantId: string): Promise<void>;
  grantIds(nsgId: string): Promise<string[]>;
  /** Covered VMs behind the NSG that are known, and whether that is all of them (a sweep listed them). */
  vms(nsgId: string): Promise<{ vms: NsgVm[]; complete: boolean }>;
  /** Replaces what is known of the NSG's VMs with the complete list. */
  setVms(nsgId: string, vms: NsgVm[]): Promise<void>;
  /** Adds or refreshes one VM in each of its NSGs, leaving the other VMs as they are. */
  upsertVm(nsgIds: string[], vm: NsgVm): Promise<void>;
  /** Every NSG that has grants or VMs recorded. */
  knownNsgs(): Promise<string[]>;
}
