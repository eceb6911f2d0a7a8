import type { Grant } from "../domain/grant/grant.js";
import type { Deps } from "./deps.js";
import { mutateGrant } from "./mutate-grant.js";

/**
 * Removes exactly the rules this grant wrote, one NSG change at a time, marking each closed
 * as Azure confirms. A failure throws so the caller's job is retried; rules already closed are skipped.
 */
export async function closeRules(deps: Deps, grant: Grant, signal?: AbortSignal): Promise<void> {
  for (const rule of grant.rules) {
    if (rule.closedAt) continue;
    await deps.nsgChanges.remove(rule.nsgId, rule.name, signal);
    const at = deps.clock.now().toISOString();
    await mutateGrant(deps.store, grant.id, (g) => ({
      ...g,
      version: g.version + 1,
      rules: g.rules.map((r) => (r.nsgId === rule.nsgId && r.name === rule.name ? { ...r, closedAt: at } : r)),
    }));
  }
}
