import type { NsgSnapshot } from "../../domain/ports/network-access.port.js";
import type { NsgPlan } from "../../domain/rules/plan-nsg.js";
import { isLockdownRule } from "../../domain/rules/rule-naming.js";
import type { Deps } from "../deps.js";

/**
 * Writes a plan in as few ARM operations as it takes: one change as one rule write; several as one
 * whole-NSG PUT guarded by the etag the plan was made from, carrying every other rule unchanged.
 * With batching off, rule by rule in an order that never leaves a covered port open: allows that go
 * are removed first, lock-downs are written before the allows that sit above them, and a lock-down
 * that is replaced goes last. Returns how many ARM writes it made.
 */
export async function applyNsgPlan(
  deps: Pick<Deps, "network" | "settings">,
  snapshot: NsgSnapshot,
  plan: NsgPlan,
  signal?: AbortSignal,
): Promise<number> {
  const changes = plan.puts.length + plan.deletes.length;
  if (changes === 0) return 0;
  if (changes > 1 && deps.settings.batchNsgWrites) {
    await deps.network.replaceAjarRules(snapshot, plan.desired, signal);
    return 1;
  }
  const [lockdownDeletes, allowDeletes] = partition(plan.deletes, (r) => isLockdownRule(r.name));
  const [lockdownPuts, allowPuts] = partition(plan.puts, (r) => isLockdownRule(r.name));
  for (const rule of allowDeletes) await deps.network.deleteRule(snapshot.id, rule.name, signal);
  for (const rule of [...lockdownPuts, ...allowPuts]) await deps.network.putRule(snapshot.id, rule, signal);
  for (const rule of lockdownDeletes) await deps.network.deleteRule(snapshot.id, rule.name, signal);
  return changes;
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}
