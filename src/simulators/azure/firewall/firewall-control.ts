import type { SimEngine } from "../engine/sim-engine.js";
import type { ArmErrorDetail } from "../http/arm-error.js";
import { newEtag } from "../state/arm-ids.js";
import {
  validateClassicNatCollections,
  validateGroupName,
  validateRuleCollectionGroup,
} from "./collection-validation.js";
import { keyOfId, type NatRuleRecord } from "./firewall-model.js";
import type { FirewallOperationKind, FirewallOperationStatus } from "./firewall-operations.js";
import { firewallSettingsOf, firewallStoreOf, type FirewallSettings } from "./firewall-store.js";
import { reachDirect, reachThroughFirewall, type Reachability } from "./reachability.js";

export interface SimFirewallOperationView {
  id: string;
  kind: FirewallOperationKind;
  targetId: string;
  lockId: string;
  status: FirewallOperationStatus;
  startedAt: number;
  endedAt?: number;
  error?: ArmErrorDetail;
}

export interface SimDnatRuleView extends NatRuleRecord {
  collection: string;
  /** Rule collection group, for a policy. */
  group?: string;
}

/** Test and demo controls for firewalls, policies and reachability (`sim.firewalls`). */
export interface FirewallSimulatorControl {
  settings(): FirewallSettings;
  updateSettings(changes: Partial<FirewallSettings>): void;
  /** The next firewall or rule collection group operation(s) end Failed with this error. */
  failNextOperation(spec?: { code?: string; message?: string; count?: number }): void;
  /** Every firewall operation since the start or the last reset, oldest first. */
  operations(): SimFirewallOperationView[];
  /** DNAT rules of a firewall (classic) or a policy, as enforced (`effective`) or as configured. */
  dnatRules(id: string, which?: "effective" | "config"): SimDnatRuleView[];
  /** Current etag of a firewall, policy or rule collection group. */
  etag(id: string): string;
  /** Runs `hook` (say, an administrator's change) when the next firewall or group write arrives, before its If-Match is checked. */
  onNextWrite(hook: () => void): void;
  /** An administrator's change in the portal: one classic NAT rule collection added or replaced at once. */
  adminPutNatCollection(firewallId: string, collection: unknown): void;
  /** An administrator's change in the portal: one rule collection group created or replaced at once. */
  adminPutRuleCollectionGroup(policyId: string, name: string, properties: unknown): void;
  /** Does `source` reach what the firewall DNATs on `firewallAddress:port`, through the VM's NSGs? */
  reach(source: string, firewallAddress: string, port: number, protocol?: "TCP" | "UDP"): Reachability;
  /** Does `source` reach a VM's private `address:port` directly (NSGs only)? */
  reachDirect(source: string, address: string, port: number, protocol?: "TCP" | "UDP"): Reachability;
}

function policyAndGroup(id: string): { policyId: string; group?: string } {
  const match = /^(.*\/firewallPolicies\/[^/]+)(?:\/ruleCollectionGroups\/([^/]+))?$/i.exec(id);
  return match ? { policyId: match[1] as string, ...(match[2] ? { group: match[2] } : {}) } : { policyId: id };
}

export function firewallControl(engine: SimEngine): FirewallSimulatorControl {
  const store = () => firewallStoreOf(engine);
  return {
    settings: () => ({ ...firewallSettingsOf(engine) }),
    updateSettings: (changes) => void Object.assign(firewallSettingsOf(engine), changes),
    failNextOperation: (spec = {}) => store().failNextOperation(spec),
    operations: () =>
      store()
        .operations.all()
        .map((op) => ({
          id: op.id,
          kind: op.kind,
          targetId: op.targetId,
          lockId: op.lockId,
          status: op.status,
          startedAt: op.startedAt,
          ...(op.endedAt === undefined ? {} : { endedAt: op.endedAt }),
          ...(op.error ? { error: op.error } : {}),
        })),
    dnatRules: (id, which = "effective") => {
      const s = store();
      const fw = s.firewalls.get(keyOfId(id));
      if (fw)
        return fw[which].natRuleCollections.flatMap((c) =>
          c.rules.map((r) => ({ ...structuredClone(r), collection: c.name })),
        );
      const policy = s.policies.get(keyOfId(id));
      if (!policy) throw new Error(`no firewall or firewall policy ${id}`);
      return [...policy.groups.values()].flatMap((g) =>
        (g[which]?.ruleCollections ?? []).flatMap((c) =>
          c.ruleCollectionType === "FirewallPolicyNatRuleCollection"
            ? c.rules.map((r) => ({ ...structuredClone(r), collection: c.name, group: g.name }))
            : [],
        ),
      );
    },
    onNextWrite: (hook) => store().onNextWrite(hook),
    etag: (id) => {
      const s = store();
      const fw = s.firewalls.get(keyOfId(id));
      if (fw) return fw.etag;
      const { policyId, group } = policyAndGroup(id);
      const policy = s.policies.get(keyOfId(policyId));
      const found = group ? policy?.groups.get(group.toLowerCase())?.etag : policy?.etag;
      if (!found) throw new Error(`no firewall, policy or rule collection group ${id}`);
      return found;
    },
    adminPutNatCollection: (firewallId, collection) => {
      const s = store();
      const fw = s.firewalls.get(keyOfId(firewallId));
      if (!fw) throw new Error(`no firewall ${firewallId}`);
      const [parsed] = validateClassicNatCollections([collection], fw.name, s.addressesOf(fw));
      const others = fw.config.natRuleCollections.filter((c) => c.name.toLowerCase() !== parsed!.name.toLowerCase());
      validateClassicNatCollections(
        [...others, parsed!].map((c) => ({
          name: c.name,
          properties: { priority: c.priority, action: { type: c.action }, rules: c.rules },
        })),
        fw.name,
        s.addressesOf(fw),
      );
      fw.config = { ...fw.config, natRuleCollections: [...others, parsed!] };
      fw.effective = structuredClone(fw.config);
      fw.etag = newEtag();
    },
    adminPutRuleCollectionGroup: (policyId, name, properties) => {
      const s = store();
      const policy = s.policies.get(keyOfId(policyId));
      if (!policy) throw new Error(`no firewall policy ${policyId}`);
      validateGroupName(name);
      const config = validateRuleCollectionGroup(properties, name, s.policyDestinations(policy.id));
      const existing = policy.groups.get(name.toLowerCase());
      const group = existing ?? {
        id: `${policy.id}/ruleCollectionGroups/${name}`,
        name,
        etag: "",
        provisioningState: "Succeeded" as const,
        config: undefined,
        effective: undefined,
      };
      Object.assign(group, {
        config,
        effective: structuredClone(config),
        etag: newEtag(),
        provisioningState: "Succeeded",
      });
      policy.groups.set(name.toLowerCase(), group);
      policy.etag = newEtag();
    },
    reach: (source, firewallAddress, port, protocol = "TCP") =>
      reachThroughFirewall(engine, store(), source, firewallAddress, port, protocol),
    reachDirect: (source, address, port, protocol = "TCP") =>
      reachDirect(engine, store(), source, address, port, protocol),
  };
}
