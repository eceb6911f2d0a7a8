import { AjarError } from "../errors.js";

/** Defender's recommended management ports; policies add their own names on top. */
export const DEFAULT_PORT_NAMES: Readonly<Record<string, number>> = Object.freeze({
  ssh: 22,
  rdp: 3389,
  winrm: 5985,
  winrms: 5986,
});

export interface ResolvedPort {
  port: number;
  /** What people call it: the name typed, or the first name configured for that number. */
  portLabel: string;
}

/** A port name (case-insensitive) or number 1–65535. */
export function resolvePort(token: string, portNames: Readonly<Record<string, number>>): ResolvedPort | undefined {
  const names = Object.entries(portNames).map(([name, port]) => [name.toLowerCase(), port] as const);
  const lower = token.toLowerCase();
  const named = names.find(([name]) => name === lower);
  if (named !== undefined) return { port: named[1], portLabel: named[0] };
  if (!/^[0-9]{1,5}$/.test(token)) return undefined;
  const port = Number(token);
  if (port < 1 || port > 65_535) return undefined;
  return { port, portLabel: names.find(([, p]) => p === port)?.[0] ?? String(port) };
}

/** Explains why `token` is not a port, listing the names this deployment knows. */
export function unknownPortError(token: string, portNames: Readonly<Record<string, number>>, usage: string): AjarError {
  const known = Object.keys(portNames)
    .map((n) => n.toLowerCase())
    .sort()
    .join(", ");
  let why: string;
  if (token.includes(",")) why = `"${token}": request one port at a time.`;
  else if (/^[0-9]+-[0-9]+$/.test(token)) why = `"${token}": port ranges cannot be requested; ask for one port.`;
  else if (/^[0-9]+$/.test(token)) why = `Port ${token} does not exist: port numbers go from 1 to 65535.`;
  else why = `"${token}" is not a port ajar knows. Use a port number (1–65535) or one of: ${known}.`;
  return new AjarError("INPUT.INVALID", `${why}\n${usage}`);
}
