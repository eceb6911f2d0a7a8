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

/** ISO-8601 (`PT1H30M`, `P1DT2H`) for configuration files and ARM payloads. */
export function formatIsoDuration(seconds: number): string {
  let rest = wholeSeconds(seconds);
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const time = UNITS.slice(1)
    .map(([unit, size]) => {
      const count = Math.floor(rest / size);
      rest -= count * size;
      return count > 0 ? `${count}${unit.toUpperCase()}` : "";
    })
    .join("");
  if (days === 0 && time === "") return "PT0S";
  return `P${days > 0 ? `${days}D` : ""}${time === "" ? "" : `T${time}`}`;
}

// Remaining-time displays pass fractional or already-past values; show whole, non-negative seconds.
function wholeSeconds(seconds: number): number {
  if (!Number.isFinite(seconds)) throw new RangeError(`formatDuration needs a finite number, got ${seconds}`);
  return Math.max(0, Math.floor(seconds));
}
