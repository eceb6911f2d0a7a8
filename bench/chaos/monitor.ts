import type { GrantStore } from "../../src/app/ports/grant-store.port.js";
import { FINAL_STATUSES, type Grant } from "../../src/domain/grant/grant.js";
import { isLockdownRule, parseAllowRule } from "../../src/domain/rules/rule-naming.js";
import type { AzureSimulator, SimRuleView } from "../../src/simulators/azure/index.js";

/** How long past its end a grant's rule may stay before it counts as left open. */
export const LATE_LIMIT_MS = 60_000;

interface RuleSighting {
  first: number;
  last: number;
  /** The end written in the rule's description: the fallback when the record is gone. */
  describedEnd?: number;
}

const isFinal = (g: Grant): boolean => FINAL_STATUSES.includes(g.status);
const endOf = (g: Grant | undefined): number | undefined => {
  const at = g?.expiresAt ?? g?.ruleEnd;
  return at ? Date.parse(at) : undefined;
};
const ports = (r: SimRuleView): string =>
  [...(r.destinationPortRange ? [r.destinationPortRange] : []), ...r.destinationPortRanges].sort().join(",");
const destinations = (r: SimRuleView): string =>
  [...(r.destinationAddressPrefix ? [r.destinationAddressPrefix] : []), ...r.destinationAddressPrefixes]
    .sort()
    .join(",");

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([promise, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref())]);
}

/**
 * Watches the run from outside ajar: ARM state as the simulator holds it, grant records as Redis
 * holds them. Reads only; never repairs anything.
 */
export class ChaosMonitor {
  readonly acknowledged = new Map<string, number>();
  private readonly records = new Map<string, Grant>();
  private readonly sightings = new Map<string, RuleSighting>();
  /** Grants whose rule was seen in an NSG more than LATE_LIMIT_MS past the grant's end. */
  readonly leftOpen = new Set<string>();
  /** One entry per NSG and duplicated key, however many ticks saw it. */
  readonly duplicates = new Set<string>();
  redisMisses = 0;
  ticks = 0;

  constructor(
    private readonly azure: AzureSimulator,
    private readonly store: GrantStore,
    private readonly nsgIds: string[],
  ) {}

  acknowledge(grantId: string, at: number): void {
    this.acknowledged.set(grantId, at);
  }

  async tick(): Promise<void> {
    this.ticks += 1;
    this.watchArm(Date.now());
    await this.readRecords();
  }

  private watchArm(now: number): void {
    for (const nsgId of this.nsgIds) {
      const rules = this.azure.getRules(nsgId);
      const allowKeys = new Map<string, number>();
      const lockdownKeys = new Map<string, number>();
      for (const rule of rules) {
        if (isLockdownRule(rule.name)) {
          const vm = rule.name.replace(/-[0-9a-f]{8}$/, "");
          for (const key of [`lock-down name ${vm}`, `lock-down of ${destinations(rule)}`])
            lockdownKeys.set(key, (lockdownKeys.get(key) ?? 0) + 1);
          continue;
        }
        const parsed = parseAllowRule(rule.name, rule.description);
        const described = /ajar JIT (g-[a-z2-7]{10}) /.exec(rule.description ?? "")?.[1];
        const grantId = parsed?.grantId ?? described;
        if (!grantId) continue;
        const key = `${grantId} port ${ports(rule)}`;
        allowKeys.set(key, (allowKeys.get(key) ?? 0) + 1);
        const seen = this.sightings.get(grantId) ?? { first: now, last: now };
        seen.last = now;
        if (parsed?.expiresAt) seen.describedEnd = parsed.expiresAt.getTime();
        this.sightings.set(grantId, seen);
        const end = endOf(this.records.get(grantId)) ?? seen.describedEnd;
        if (end !== undefined && now > end + LATE_LIMIT_MS) this.leftOpen.add(grantId);
      }
      for (const [key, n] of [...allowKeys, ...lockdownKeys])
        if (n > 1) this.duplicates.add(`${nsgId.split("/").pop()}: ${n} rules for ${key}`);
    }
  }

  private async readRecords(): Promise<void> {
    const open = [...this.acknowledged.keys()].filter((id) => {
      const g = this.records.get(id);
      return !g || !isFinal(g);
    });
    const read = await withTimeout(
      Promise.all(open.map(async (id) => [id, await this.store.get(id)] as const)),
      1500,
    ).catch(() => undefined);
    if (!read) {
      this.redisMisses += 1;
      return;
    }
    for (const [id, grant] of read) if (grant) this.records.set(id, grant);
  }

  /** Reads every acknowledged grant once more (retrying through a Redis hiccup) and sums up. */
  async finalFigures(): Promise<FinalFigures> {
    const lost: string[] = [];
    const stuck: string[] = [];
    const statuses = new Map<string, number>();
    const failures = new Map<string, number>();
    for (const id of this.acknowledged.keys()) {
      let grant: Grant | undefined;
      for (let attempt = 0; attempt < 5; attempt++) {
        const read = await withTimeout(
          this.store.get(id).then((g) => ({ g })),
          2000,
        ).catch(() => undefined);
        if (read) {
          grant = read.g;
          break;
        }
      }
      if (!grant) {
        lost.push(id);
        continue;
      }
      this.records.set(id, grant);
      statuses.set(grant.status, (statuses.get(grant.status) ?? 0) + 1);
      if (grant.status === "failed")
        failures.set(grant.failure ?? "(no reason)", (failures.get(grant.failure ?? "(no reason)") ?? 0) + 1);
      if (!isFinal(grant)) stuck.push(`${id} (${grant.status})`);
    }
    const lateness: number[] = [];
    for (const [id, seen] of this.sightings) {
      const end = endOf(this.records.get(id)) ?? seen.describedEnd;
      if (end === undefined) continue;
      lateness.push(seen.last - end);
      if (seen.last > end + LATE_LIMIT_MS) this.leftOpen.add(id);
    }
    const openDelays = [...this.records.values()].flatMap((g) =>
      g.openedAt ? [Date.parse(g.openedAt) - Date.parse(g.createdAt)] : [],
    );
    return {
      lost,
      stuck,
      statuses,
      failures,
      lateness: lateness.sort((a, b) => a - b),
      openDelays: openDelays.sort((a, b) => a - b),
      grantsWithRules: this.sightings.size,
    };
  }

  /** Allow rules still in any NSG (the run drains until there are none). */
  allowRulesLeft(): number {
    return this.nsgIds.reduce(
      (n, id) =>
        n + this.azure.getRules(id).filter((r) => !isLockdownRule(r.name) && r.name.startsWith("ajar-")).length,
      0,
    );
  }

  /** Acknowledged grants not yet final as last read. */
  unfinished(): number {
    return [...this.acknowledged.keys()].filter((id) => {
      const g = this.records.get(id);
      return !g || !isFinal(g);
    }).length;
  }
}

export interface FinalFigures {
  lost: string[];
  stuck: string[];
  statuses: Map<string, number>;
  /** Why grants failed (a window that ended before Azure accepted the rule, ARM giving up...). */
  failures: Map<string, number>;
  /** Last sighting of each grant's rule minus the grant's end, ms, sorted. */
  lateness: number[];
  /** Request to open (record createdAt → openedAt), ms, sorted. */
  openDelays: number[];
  grantsWithRules: number;
}
