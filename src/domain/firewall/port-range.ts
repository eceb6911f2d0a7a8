import { AjarError } from "../errors.js";

/** The public ports a firewall may hand out to grants, inclusive. */
export interface PortRange {
  from: number;
  to: number;
}

/** `50000-50999` → { from: 50000, to: 50999 }; one port alone is a range of one. */
export function parsePortRange(text: string): PortRange {
  const match = /^\s*(\d{1,5})\s*(?:-\s*(\d{1,5}))?\s*$/.exec(text);
  const from = match ? Number(match[1]) : NaN;
  const to = match ? Number(match[2] ?? match[1]) : NaN;
  if (!match || from < 1 || to > 65535 || from > to) {
    throw new AjarError(
      "CONFIG.INVALID",
      `'${text}' is not a port range: use two ports between 1 and 65535, the lower first, such as 50000-50999.`,
    );
  }
  return { from, to };
}

export const formatPortRange = (range: PortRange): string =>
  range.from === range.to ? String(range.from) : `${range.from}-${range.to}`;
