import type { SimEngine } from "../engine/sim-engine.js";
import type { ArmErrorDetail } from "../http/arm-error.js";
import type { SimState, SubnetRecord } from "../state/model.js";
import { keyOfId, type FirewallRecord, type PolicyRecord, type PublicIpRecord } from "./firewall-model.js";
import { FirewallOperations } from "./firewall-operations.js";

/** How a write that meets a running operation on the same firewall or policy is answered. */
export type FirewallConflictMode = "another-operation-409" | "retryable-429" | "supersede";

export interface FirewallSettings {
  /** How long a firewall or rule collection group update stays InProgress; Azure takes minutes. */
  operationDelayMs: number;
  conflictMode: FirewallConflictMode;
}

export const DEFAULT_FIREWALL_SETTINGS: FirewallSettings = {
  operationDelayMs: 0,
  conflictMode: "another-operation-409",
};

/** The firewall side of the estate; rebuilt with the rest of the state on reset. */
export class FirewallStore {
  readonly publicIps = new Map<string, PublicIpRecord>();
  readonly firewalls = new Map<string, FirewallRecord>();
  readonly policies = new Map<string, PolicyRecord>();
  readonly operations = new FirewallOperations();
  private failures: (ArmErrorDetail & { remaining: number })[] = [];
  private beforeWrites: (() => void)[] = [];

  /** Runs `hook` when the next firewall or rule collection group write arrives, before it is checked. */
  onNextWrite(hook: () => void): void {
    this.beforeWrites.push(hook);
  }

  takeBeforeWrite(): (() => void) | undefined {
    return this.beforeWrites.shift();
  }

  constructor(readonly network: SimState) {}

  failNextOperation(spec: { code?: string; message?: string; count?: number }): void {
    this.failures.push({
      code: spec.code ?? "InternalServerError",
      message: spec.message ?? "An error occurred.",
      remaining: spec.count ?? 1,
    });
  }

  takeFailure(): ArmErrorDetail | undefined {
    const next = this.failures.find((f) => f.remaining > 0);
    if (!next) return undefined;
    next.remaining -= 1;
    this.failures = this.failures.filter((f) => f.remaining > 0);
    return { code: next.code, message: next.message };
  }

  subnet(id: string): SubnetRecord | undefined {
    const parts = id.split("/").filter(Boolean);
    if (parts.length !== 10) return undefined;
    const rg = this.network.subscriptions
      .get((parts[1] ?? "").toLowerCase())
      ?.resourceGroups.get((parts[3] ?? "").toLowerCase());
    return rg?.vnets.get((parts[7] ?? "").toLowerCase())?.subnets.get((parts[9] ?? "").toLowerCase());
  }

  /** The firewall's private IP: Azure gives the first instance the fourth address of AzureFirewallSubnet. */
  privateIpOf(firewall: FirewallRecord): string | undefined {
    const first = firewall.config.ipConfigurations[0];
    const prefix = first ? this.subnet(first.subnetId)?.addressPrefix : undefined;
    if (!prefix) return undefined;
    const [address = "", bits = "32"] = prefix.split("/");
    const octets = address.split(".").map(Number);
    if (octets.length !== 4 || Number(bits) > 29) return undefined;
    const value = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
    const ip = value + 4;
    return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join(".");
  }

  /** Addresses a DNAT rule on this firewall may target: its public IPs and its private IP. */
  addressesOf(firewall: FirewallRecord, which: "config" | "effective" = "config"): string[] {
    const pips = firewall[which].ipConfigurations
      .map((c) => this.publicIps.get(keyOfId(c.publicIpId))?.ipAddress)
      .filter((a): a is string => a !== undefined);
    const privateIp = this.privateIpOf(firewall);
    return privateIp ? [...pips, privateIp] : pips;
  }

  firewallsUsing(policyId: string): FirewallRecord[] {
    return [...this.firewalls.values()].filter(
      (f) => f.config.firewallPolicyId?.toLowerCase() === policyId.toLowerCase(),
    );
  }

  /** DNAT targets for a policy's rules; `undefined` when no firewall uses the policy (nothing to check against). */
  policyDestinations(policyId: string): string[] | undefined {
    const firewalls = this.firewallsUsing(policyId);
    return firewalls.length === 0 ? undefined : firewalls.flatMap((f) => this.addressesOf(f));
  }
}

const stores = new WeakMap<SimState, FirewallStore>();
const settings = new WeakMap<SimEngine, FirewallSettings>();

export function registerFirewallStore(state: SimState, store: FirewallStore): void {
  stores.set(state, store);
}

/** The store that belongs to the engine's current state (a reset builds both anew). */
export function firewallStoreOf(engine: SimEngine): FirewallStore {
  let store = stores.get(engine.state);
  if (!store) {
    store = new FirewallStore(engine.state);
    stores.set(engine.state, store);
  }
  store.operations.settle(engine.now());
  return store;
}

export function firewallSettingsOf(engine: SimEngine): FirewallSettings {
  let current = settings.get(engine);
  if (!current) {
    current = { ...DEFAULT_FIREWALL_SETTINGS };
    settings.set(engine, current);
  }
  return current;
}
