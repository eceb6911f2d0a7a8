import type { FinalFigures } from "./monitor.js";

export interface Figure {
  name: string;
  value: number;
  target: number;
  pass: boolean;
  /** What to look at when it misses (grant ids, messages). */
  detail?: string[];
}

export const percentile = (sorted: number[], p: number): number | undefined =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : undefined;
export const seconds = (ms: number | undefined): string => (ms === undefined ? "-" : `${(ms / 1000).toFixed(1)} s`);

/** The table of figures beside their targets, then what else the run saw. */
export function printReport(input: { figures: Figure[]; final: FinalFigures; facts: Record<string, string> }): void {
  const { figures, final, facts } = input;
  console.log("\najar chaos run\n");
  console.log(`${"figure".padEnd(40)} ${"measured".padStart(9)} ${"target".padStart(9)}  result`);
  for (const f of figures) {
    console.log(
      `${f.name.padEnd(40)} ${String(f.value).padStart(9)} ${String(f.target).padStart(9)}  ${f.pass ? "ok" : "MISS"}`,
    );
  }
  console.log("");
  const rows: Record<string, string> = {
    ...facts,
    "final statuses": [...final.statuses].map(([s, n]) => `${n} ${s}`).join(", "),
    "why grants failed": [...final.failures].map(([r, n]) => `${n}× ${r}`).join("; ") || "-",
    "grants whose rule was seen in an NSG": String(final.grantsWithRules),
    "close lateness (last sighting − end) p50 / p99 / max": `${seconds(percentile(final.lateness, 50))} / ${seconds(percentile(final.lateness, 99))} / ${seconds(final.lateness.at(-1))}`,
    "request → open p50 / p99 / max": `${seconds(percentile(final.openDelays, 50))} / ${seconds(percentile(final.openDelays, 99))} / ${seconds(final.openDelays.at(-1))}`,
  };
  for (const [k, v] of Object.entries(rows)) console.log(`${k.padEnd(54)} ${v}`);
  for (const f of figures) {
    if (f.pass || !f.detail?.length) continue;
    console.log(`\n${f.name}:`);
    for (const d of f.detail.slice(0, 10)) console.log(`  ${d}`);
    if (f.detail.length > 10) console.log(`  ... and ${f.detail.length - 10} more`);
  }
}
