import type { SecurityRuleInfo, SecurityRuleSpec } from "../ports/network-access.port.js";
import { inboundPriorities, overlappingForeignRules } from "./rule-overlap.js";
import { allowRuleDescription, allowRuleName } from "./rule-naming.js";
import { MIN_PRIORITY } from "./plan-lockdown-rule.js";

export interface AllowInput {
  grantId: string;
  requester: string;
  port: number;
  protocol: "Tcp" | "Udp" | "*";
  source: string;
  privateIps: string[];
  expiresAt: Date;
  rules: SecurityRuleInfo[];
  /** The VM's lock-down deny in this NSG; the allow must sit above it. */
  lockdownPriority: number;
}

export type AllowPlan =
  | { action: "put"; rule: SecurityRuleSpec }
  | { action: "impossible"; reason: string };

/**
 * The allow goes to the free slot closest above the lock-down deny (and above any operator deny for
 * the same port), so operator allow rules keep their place and concurrent grants fill downwards.
 * A rule this grant already wrote (a retried job) keeps its priority.
 */
export function planAllowRule(input: AllowInput): AllowPlan {
  const name = allowRuleName(input.grantId, input.port);
  const existing = input.rules.find((r) => r.name === name);
  const foreignDenies = overlappingForeignRules(input.rules, [input.port], input.privateIps).filter(
    (r) => r.access === "Deny",
  );
  const ceiling = Math.min(input.lockdownPriority, ...foreignDenies.map((r) => r.priority)) - 1;

  let priority = existing?.priority;
  if (priority === undefined || priority > ceiling) {
    const taken = inboundPriorities(input.rules);
    priority = undefined;
    for (let p = ceiling; p >= MIN_PRIORITY; p--) {
      if (!taken.has(p)) {
        priority = p;
        break;
      }
    }
  }
  if (priority === undefined) {
    return { action: "impossible", reason: `no free inbound priority above ${ceiling + 1} for port ${input.port}` };
  }
  return {
    action: "put",
    rule: {
      name,
      priority,
      direction: "Inbound",
      access: "Allow",
      protocol: input.protocol,
      sourceAddressPrefixes: [input.source],
      destinationAddressPrefixes: [...input.privateIps],
      destinationPortRanges: [String(input.port)],
      description: allowRuleDescription(input.grantId, input.requester, input.expiresAt),
    },
  };
}
