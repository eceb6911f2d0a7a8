import type { AjarDnatRule, FirewallDnatRule, FirewallSnapshot, OwnedDnat } from "../ports/firewall-access.port.js";
import { dnatRuleDescription, dnatRuleName } from "./dnat-naming.js";
import { formatPortRange, type PortRange } from "./port-range.js";

/** A grant that wants a DNAT entry on this firewall now (approved or active, not past its end). */
export interface FirewallGrant {
  grantId: string;
  /** The requester's address or block. */
  source: string;
  requester: string;
  vmPrivateIp: string;
  vmPort: number;
  protocol: "Tcp" | "Udp" | "*";
  endsAt: Date;
  /** The public port the grant was given before (recorded on the grant): it keeps it. */
  port?: number;
}

export interface DnatPlanInput {
  grants: FirewallGrant[];
  snapshot: Pick<FirewallSnapshot, "owned" | "foreignRules" | "takenPriorities">;
  /** The firewall public IP grants connect to. */
  publicIp: string;
  portRange: PortRange;
  /** Configured priority of ajar's collection (classic) or group (policy). */
  priority: number;
}

export interface DnatPlan {
  owned: OwnedDnat;
  /** Whether `owned` differs from what the firewall holds: no write when it does not. */
  changed: boolean;
  /** Public port per grant id, for every grant that got one. */
  ports: Map<string, number>;
  /** Grants that got no port, and why. */
  refused: { grantId: string; reason: string }[];
}

const PROTOCOLS: Record<FirewallGrant["protocol"], ("TCP" | "UDP")[]> = {
  Tcp: ["TCP"],
  Udp: ["UDP"],
  "*": ["TCP", "UDP"],
};

/** Ports other rules on this public IP already answer on: a second DNAT rule there would shadow or be shadowed. */
function portsUsedByOthers(rules: FirewallDnatRule[], publicIp: string): (port: number) => boolean {
  const ranges = rules
    .filter((r) => r.destinationAddresses.some((a) => a === publicIp || a === "*"))
    .flatMap((r) => r.destinationPorts)
    .map((p) => (p === "*" ? [1, 65535] : p.split("-").map(Number)))
    .map(([low = NaN, high = low]) => [low, high] as const);
  return (port) => ranges.some(([low, high]) => port >= low && port <= high);
}

function choosePriority(configured: number, current: number | undefined, taken: number[]): number {
  const used = new Set(taken);
  if (current !== undefined && !used.has(current)) return current;
  for (let p = configured; p <= 65000; p++) if (!used.has(p)) return p;
  for (let p = configured - 1; p >= 100; p--) if (!used.has(p)) return p;
  return configured;
}

const ruleKey = (r: AjarDnatRule): string =>
  JSON.stringify([
    r.name,
    r.description,
    [...r.sourceAddresses].sort(),
    r.destinationAddress,
    r.destinationPort,
    r.translatedAddress,
    r.translatedPort,
    [...r.protocols].sort(),
  ]);

function sameOwned(a: OwnedDnat | undefined, b: OwnedDnat): boolean {
  if (a === undefined) return b.rules.length === 0;
  if (a.rules.length === 0 && b.rules.length === 0) return true;
  if (a.priority !== b.priority || a.rules.length !== b.rules.length) return false;
  const keys = new Set(a.rules.map(ruleKey));
  return b.rules.every((r) => keys.has(ruleKey(r)));
}

/**
 * The DNAT collection ajar wants on one firewall: one rule per grant, from the grant's source to the
 * public IP on a port of the range, translated to the VM's private IP and requested port. A grant
 * keeps the port it has (recorded, or in its current rule) while that port stays in the range and
 * free; others take the lowest free port, in grant-id order so every pass computes the same plan.
 */
export function planDnat(input: DnatPlanInput): DnatPlan {
  const { portRange, publicIp } = input;
  const usedByOthers = portsUsedByOthers(input.snapshot.foreignRules, publicIp);
  const current = new Map(
    (input.snapshot.owned?.rules ?? [])
      .filter((r) => r.destinationAddress === publicIp)
      .map((r) => [r.name, r.destinationPort]),
  );
  const inRange = (p: number) => Number.isInteger(p) && p >= portRange.from && p <= portRange.to;
  const ports = new Map<string, number>();
  const taken = new Set<number>();
  const grants = [...input.grants].sort((a, b) => (a.grantId < b.grantId ? -1 : a.grantId > b.grantId ? 1 : 0));
  for (const grant of grants) {
    const wanted = grant.port ?? current.get(dnatRuleName(grant.grantId));
    if (wanted !== undefined && inRange(wanted) && !usedByOthers(wanted) && !taken.has(wanted)) {
      ports.set(grant.grantId, wanted);
      taken.add(wanted);
    }
  }
  const refused: DnatPlan["refused"] = [];
  let next = portRange.from;
  for (const grant of grants) {
    if (ports.has(grant.grantId)) continue;
    while (next <= portRange.to && (taken.has(next) || usedByOthers(next))) next++;
    if (next > portRange.to) {
      refused.push({
        grantId: grant.grantId,
        reason: `every port of ${formatPortRange(portRange)} on ${publicIp} is in use`,
      });
      continue;
    }
    ports.set(grant.grantId, next);
    taken.add(next);
  }
  const rules: AjarDnatRule[] = grants
    .filter((g) => ports.has(g.grantId))
    .map((g) => ({
      name: dnatRuleName(g.grantId),
      description: dnatRuleDescription(g.grantId, g.requester, g.endsAt),
      sourceAddresses: [g.source],
      destinationAddress: publicIp,
      destinationPort: ports.get(g.grantId) as number,
      translatedAddress: g.vmPrivateIp,
      translatedPort: g.vmPort,
      protocols: PROTOCOLS[g.protocol],
    }))
    .sort((a, b) => a.destinationPort - b.destinationPort);
  const owned = {
    priority: choosePriority(input.priority, input.snapshot.owned?.priority, input.snapshot.takenPriorities),
    rules,
  };
  return { owned, changed: !sameOwned(input.snapshot.owned, owned), ports, refused };
}
