import { describe, expect, it } from "vitest";

import { planDnat, type FirewallGrant } from "../../../src/domain/firewall/plan-dnat.js";
import type { AjarDnatRule, FirewallDnatRule } from "../../../src/domain/ports/firewall-access.port.js";

const IP = "20.1.2.3";
const END = new Date("2026-12-01T10:00:00Z");
const range = { from: 50000, to: 50004 };

const grant = (n: number, extra: Partial<FirewallGrant> = {}): FirewallGrant => ({
  grantId: `g-${"a".repeat(9)}${"bcdefghijk"[n]}`,
  source: "203.0.113.7",
  requester: "alice",
  vmPrivateIp: "10.0.1.4",
  vmPort: 22,
  protocol: "Tcp",
  endsAt: END,
  ...extra,
});

const owned = (g: FirewallGrant, port: number): AjarDnatRule => ({
  name: `ajar-${g.grantId}`,
  description: `ajar JIT ${g.grantId} until 2026-12-01T10:00:00Z for alice`,
  sourceAddresses: [g.source],
  destinationAddress: IP,
  destinationPort: port,
  translatedAddress: g.vmPrivateIp,
  translatedPort: g.vmPort,
  protocols: ["TCP"],
});

const foreign = (port: string, address = IP): FirewallDnatRule => ({
  collection: "ops",
  name: `ops-${port}`,
  sourceAddresses: ["*"],
  sourceIpGroups: [],
  destinationAddresses: [address],
  destinationPorts: [port],
  protocols: ["TCP"],
  translatedAddress: "10.0.9.9",
  translatedPort: "443",
});

const plan = (
  grants: FirewallGrant[],
  snapshot: {
    owned?: { priority: number; rules: AjarDnatRule[] };
    foreignRules?: FirewallDnatRule[];
    takenPriorities?: number[];
  } = {},
  priority = 150,
) =>
  planDnat({
    grants,
    publicIp: IP,
    portRange: range,
    priority,
    snapshot: {
      owned: snapshot.owned,
      foreignRules: snapshot.foreignRules ?? [],
      takenPriorities: snapshot.takenPriorities ?? [],
    },
  });

const portsOf = (p: ReturnType<typeof plan>) =>
  Object.fromEntries([...p.ports].map(([id, port]) => [id.slice(-1), port]));

describe("planDnat: ports", () => {
  it.each([
    ["new grants take the lowest free ports, in grant-id order", [grant(2), grant(1)], {}, { c: 50000, d: 50001 }],
    [
      "a grant keeps the port its current rule has",
      [grant(1), grant(2)],
      { owned: { priority: 150, rules: [owned(grant(2), 50003)] } },
      { c: 50000, d: 50003 },
    ],
    ["a grant keeps the port recorded on it", [grant(1, { port: 50004 }), grant(2)], {}, { c: 50004, d: 50000 }],
    ["a recorded port outside the range is replaced", [grant(1, { port: 40000 })], {}, { c: 50000 }],
    [
      "ports other DNAT rules use on the public IP are skipped",
      [grant(1), grant(2)],
      { foreignRules: [foreign("50000"), foreign("50001-50002")] },
      { c: 50003, d: 50004 },
    ],
    [
      "ports on another public IP do not count",
      [grant(1)],
      { foreignRules: [foreign("50000", "20.9.9.9")] },
      { c: 50000 },
    ],
    [
      "a kept port an operator has since taken moves",
      [grant(1)],
      { owned: { priority: 150, rules: [owned(grant(1), 50002)] }, foreignRules: [foreign("50002")] },
      { c: 50000 },
    ],
    [
      "two grants recorded on one port: the first by id keeps it",
      [grant(2, { port: 50001 }), grant(1, { port: 50001 })],
      {},
      { c: 50001, d: 50000 },
    ],
  ])("%s", (_what, grants, snapshot, expected) => {
    expect(portsOf(plan(grants, snapshot))).toEqual(expected);
  });

  it("refuses grants beyond the range, naming it, and keeps the rest", () => {
    const p = plan(
      [0, 1, 2, 3, 4, 5, 6].map((n) => grant(n)),
      { foreignRules: [foreign("50004")] },
    );
    expect(p.ports.size).toBe(4);
    expect(p.refused).toEqual(
      [4, 5, 6].map((n) => ({ grantId: grant(n).grantId, reason: "every port of 50000-50004 on 20.1.2.3 is in use" })),
    );
    expect(p.owned.rules.map((r) => r.destinationPort)).toEqual([50000, 50001, 50002, 50003]);
  });
});

describe("planDnat: rules, priority and change detection", () => {
  it("writes one rule per grant: requester source, public IP and port, VM address and port, protocol", () => {
    const p = plan([grant(1, { protocol: "*", source: "198.51.100.0/28", vmPort: 3389 })]);
    expect(p.owned.rules).toEqual([
      {
        name: `ajar-${grant(1).grantId}`,
        description: `ajar JIT ${grant(1).grantId} until 2026-12-01T10:00:00Z for alice`,
        sourceAddresses: ["198.51.100.0/28"],
        destinationAddress: IP,
        destinationPort: 50000,
        translatedAddress: "10.0.1.4",
        translatedPort: 3389,
        protocols: ["TCP", "UDP"],
      },
    ]);
  });

  it.each([
    ["the configured priority when free", undefined, [], 150],
    ["the next free one above when taken", undefined, [150, 151], 152],
    ["the current one while nobody else holds it", 170, [150], 170],
    ["a move when someone took the current one", 170, [170], 150],
  ])("uses %s", (_what, current, taken, expected) => {
    const p = plan([grant(1)], {
      ...(current === undefined ? {} : { owned: { priority: current, rules: [] } }),
      takenPriorities: taken,
    });
    expect(p.owned.priority).toBe(expected);
  });

  it.each([
    ["nothing wanted, nothing there", [], undefined, false],
    ["nothing wanted, an empty group there", [], { priority: 150, rules: [] }, false],
    ["the same rule, already there", [grant(1)], { priority: 150, rules: [owned(grant(1), 50000)] }, false],
    ["a new grant", [grant(1), grant(2)], { priority: 150, rules: [owned(grant(1), 50000)] }, true],
    ["a grant that ended", [], { priority: 150, rules: [owned(grant(1), 50000)] }, true],
    [
      "an extension (new end in the description)",
      [grant(1, { endsAt: new Date("2026-12-01T11:00:00Z") })],
      { priority: 150, rules: [owned(grant(1), 50000)] },
      true,
    ],
    [
      "a rule edited by hand",
      [grant(1)],
      { priority: 150, rules: [{ ...owned(grant(1), 50000), sourceAddresses: ["*"] }] },
      true,
    ],
  ])("changed is right for %s", (_what, grants, current, changed) => {
    expect(plan(grants, current === undefined ? {} : { owned: current }).changed).toBe(changed);
  });
});
