import { performance } from "node:perf_hooks";

import { DEFAULT_PORT_NAMES, parseJitCommand } from "../src/domain/command/index.js";
import type { SecurityRuleInfo } from "../src/domain/ports/network-access.port.js";
import type { RoleAssignmentInfo, RoleDefinitionInfo } from "../src/domain/ports/permission-source.port.js";
import { evaluatePermissions } from "../src/domain/rbac/index.js";
import { planNsg } from "../src/domain/rules/plan-nsg.js";
import { benchCommandPath } from "./command-path.js";
import { benchFirewallBurst } from "./firewall-burst.js";
import { benchGrantMemory } from "./grant-memory.js";
import { benchBurst, benchCloses, type Figure } from "./nsg-reconcile.js";

/** Runs `fn` for about `ms` and reports operations per second. */
function measure(name: string, fn: () => void, ms = 1000): void {
  for (let i = 0; i < 200; i++) fn();
  let ops = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 100; i++) fn();
    ops += 100;
  }
  const elapsed = performance.now() - start;
  console.log(
    `${name.padEnd(48)} ${Math.round((ops / elapsed) * 1000)
      .toLocaleString("en-US")
      .padStart(12)} ops/s  ${((elapsed / ops) * 1000).toFixed(2).padStart(8)} µs/op`,
  );
}

const SCOPE = "/subscriptions/s/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-1";
const definitions = new Map<string, RoleDefinitionInfo>();
const assignments: RoleAssignmentInfo[] = [];
for (let i = 0; i < 50; i++) {
  const id = `/providers/Microsoft.Authorization/roleDefinitions/role-${i}`;
  definitions.set(id.toLowerCase(), {
    id,
    roleName: `Role ${i}`,
    permissions: [
      {
        actions: [
          `Microsoft.Service${i}/*/read`,
          "Microsoft.Network/networkInterfaces/*/read",
          i === 49 ? "Microsoft.Security/*" : "x/y",
        ],
        notActions: ["Microsoft.Security/locations/jitNetworkAccessPolicies/delete"],
        dataActions: [],
        notDataActions: [],
      },
    ],
  });
  assignments.push({
    id: `a${i}`,
    scope: i % 2 ? "/subscriptions/s" : "/subscriptions/s/resourceGroups/rg-prod",
    roleDefinitionId: id,
    principalId: "p",
  });
}
assignments.push({
  id: "reader",
  scope: "/subscriptions/s",
  roleDefinitionId: "/providers/Microsoft.Authorization/roleDefinitions/reader",
  principalId: "p",
});
definitions.set("/providers/microsoft.authorization/roledefinitions/reader", {
  id: "reader",
  roleName: "Reader",
  permissions: [{ actions: ["*/read"], notActions: [], dataActions: [], notDataActions: [] }],
});

const rules: SecurityRuleInfo[] = Array.from({ length: 500 }, (_, i) => ({
  name: `rule-${i}`,
  priority: 100 + i * 3,
  direction: "Inbound",
  access: i % 7 ? "Allow" : "Deny",
  protocol: "Tcp",
  sourceAddressPrefixes: ["*"],
  sourcePortRanges: ["*"],
  destinationAddressPrefixes: [`10.0.${i % 200}.0/24`],
  destinationPortRanges: [String(1000 + i)],
}));

/** `BENCH_ONLY=memory,nsg` runs only those sections (domain, nsg, firewall, memory, command); all of them without it. */
const only = new Set(
  (process.env.BENCH_ONLY ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);
const runs = (section: string): boolean => only.size === 0 || only.has(section);

function benchDomain(): void {
  console.log("-- domain (pure, in-process)");
  measure("parse `/jit ssh vm-prod-1 1h30m from … because …`", () => {
    parseJitCommand("ssh vm-prod-1 1h30m from 203.0.113.7 because INC-42 rotate logs", {
      portNames: DEFAULT_PORT_NAMES,
    });
  });
  measure("evaluate RBAC: 51 assignments, 4 actions, wildcards", () => {
    evaluatePermissions({
      principalId: "p",
      scope: SCOPE,
      requiredActions: [
        "Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action",
        "Microsoft.Security/locations/jitNetworkAccessPolicies/*/read",
        "Microsoft.Compute/virtualMachines/read",
        "Microsoft.Network/networkInterfaces/*/read",
      ],
      assignments,
      definitions,
      denyAssignments: [],
    });
  });
  measure("plan an NSG with 500 rules, 1 VM, 20 grants", () => {
    planNsg({
      rules,
      vms: [
        {
          id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1",
          name: "vm-1",
          privateIps: ["10.0.1.4"],
          ports: [{ port: 22, protocol: "Tcp" }],
        },
      ],
      vmsComplete: true,
      grants: Array.from({ length: 20 }, (_, i) => ({
        grantId: `g-abcdefgh${String.fromCharCode(97 + i)}a`,
        requester: "alice",
        port: 22,
        protocol: "Tcp" as const,
        source: `203.0.113.${i + 1}`,
        privateIps: ["10.0.1.4"],
        ruleEnd: new Date(),
      })),
      lockdownPriority: 4000,
    });
  });
}

async function main(): Promise<void> {
  console.log("ajar benchmarks (Node " + process.version + ")\n");
  const print = (f: Figure) => console.log(`${f.ok ? "ok  " : "MISS"} ${f.name}: ${f.value}   [${f.beside}]`);
  if (runs("domain")) benchDomain();
  if (runs("nsg")) {
    console.log(
      "\n-- NSG reconciler end to end (BullMQ on a private redis-server, ARM simulator over HTTP with the real SDK; one operation per NSG at a time)",
    );
    (await benchBurst()).forEach(print);
    (await benchCloses()).forEach(print);
  }
  if (runs("firewall")) {
    console.log("\n-- Azure Firewall (DNAT entries coalesced into few slow firewall operations)");
    (await benchFirewallBurst(50, 3000)).forEach(print);
  }
  if (runs("memory")) {
    console.log(
      "\n-- scale: `ajar all` in its own process, idle and with BENCH_GRANTS open grants (default 10,000), and Redis per grant",
    );
    (await benchGrantMemory()).forEach(print);
  }
  if (runs("command")) {
    const seconds = Number(process.env.BENCH_SECONDS ?? 30);
    console.log(
      `\n-- Slack command path: /jit requests at 100/s for ${seconds} s (BENCH_SECONDS), one open-loop generator alternating between ajar and a bare Bolt app, while ajar's worker authorizes, opens and closes the grants they create`,
    );
    (await benchCommandPath(seconds)).forEach(print);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
