const UNITS: [string, number][] = [
  ["d", 86_400],
  ["h", 3_600],
  ["m", 60],
  ["s", 1],
];

/** `1h 30m`, `45s`, `1d 2h`: the form people type back, so a shown duration can be reused. */
export function formatDuration(seconds: number): string {
  let rest = wholeSeconds(seconds);
  if (rest === 0) return "0s";
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count}${unit}`);
  }
  return parts.join(" ");
}

// Remaining-time displays pass fractional or already-past values; show whole, non-negative seconds.
function wholeSeconds(seconds: number): number {
  if (!Number.isFinite(seconds)) throw new RangeError(`formatDuration needs a finite number, got ${seconds}`);
  return Math.max(0, Math.floor(seconds));
}
