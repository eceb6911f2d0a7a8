/** ARM's inbound priority range for custom rules, and its cap on rules per NSG. */
export const MIN_PRIORITY = 100;
export const MAX_PRIORITY = 4096;
export const MAX_RULES_PER_NSG = 1000;

/** The first priority from `from` towards `to` (step ±1) that nothing holds. */
export function firstFree(taken: Set<number>, from: number, to: number, step: 1 | -1): number | undefined {
  for (let p = from; step > 0 ? p <= to : p >= to; p += step) if (!taken.has(p)) return p;
  return undefined;
}
