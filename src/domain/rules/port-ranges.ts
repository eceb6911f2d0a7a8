/** Port range arithmetic over ARM's `destinationPortRange(s)` strings: "*", "22", "5985-5986". */

export interface PortRange {
  from: number;
  to: number;
}

export function parsePortRange(text: string): PortRange | undefined {
  const t = text.trim();
  if (t === "*") return { from: 0, to: 65535 };
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(t);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return from <= to && to <= 65535 ? { from, to } : undefined;
}

/** Unparseable ranges are treated as covering everything: assume the worst about rules we do not understand. */
export function rangesIncludePort(ranges: string[], port: number): boolean {
  return ranges.some((r) => {
    const parsed = parsePortRange(r) ?? { from: 0, to: 65535 };
    return parsed.from <= port && port <= parsed.to;
  });
}
