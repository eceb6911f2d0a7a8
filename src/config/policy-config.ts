import type { Policy } from "../domain/policy/policy.js";
import { DEFAULT_SCOPED_ACTIONS, toRequiredAction } from "../domain/rbac/index.js";
import type { FileConfig } from "./config-schema.js";
import type { ValueChecks } from "./config-values.js";
import { toFirewallTarget } from "./firewall-config.js";

type PolicyConfig = FileConfig["policies"][number];

/** The YAML policies as the domain's Policy, each checked beyond the schema; problems are collected with their key. */
export function toPolicies(file: PolicyConfig[], checks: ValueChecks, problems: string[]): Policy[] {
  const policies = file.map((p, i) => toPolicy(p, `policies[${i}]`, checks, problems));
  const names = new Set<string>();
  for (const p of policies) {
    if (names.has(p.name)) problems.push(`policies: the name ${p.name} is used twice`);
    names.add(p.name);
  }
  return policies;
}

function toPolicy(p: PolicyConfig, at: string, { duration, prefix }: ValueChecks, problems: string[]): Policy {
  const min = duration(`${at}.duration.min`, p.duration.min);
  const def = duration(`${at}.duration.default`, p.duration.default);
  const max = duration(`${at}.duration.max`, p.duration.max);
  if (min > def || def > max)
    problems.push(
      `${at}.duration: expected min <= default <= max, got ${p.duration.min} / ${p.duration.default} / ${p.duration.max}`,
    );
  p.allowedSources.forEach((s, j) => prefix(`${at}.allowedSources[${j}]`, s));
  if (!p.allowAnySource && p.allowedSources.length === 0)
    problems.push(`${at}.allowedSources: expected at least one prefix (or allowAnySource: true)`);
  if (p.justification.pattern) {
    try {
      new RegExp(p.justification.pattern);
    } catch {
      problems.push(
        `${at}.justification.pattern: ${JSON.stringify(p.justification.pattern)} — expected a valid regular expression`,
      );
    }
  }
  if (
    p.approval.mode === "approvers" &&
    p.approval.users.length + p.approval.usergroups.length + p.approval.entraGroups.length === 0
  ) {
    problems.push(`${at}.approval: mode approvers needs users or usergroups (or entraGroups)`);
  }
  const firewall = toFirewallTarget(p.firewall, `${at}.firewall`, problems);
  if (p.vms.some((s) => Object.keys(s).filter((k) => k !== "firewall").length === 0))
    problems.push(`${at}.vms: each selector needs at least one of subscriptionId, resourceGroup, namePattern, tags`);
  return {
    name: p.name,
    vms: p.vms.map((s, j) => {
      const { firewall, ...rest } = s;
      const target = toFirewallTarget(firewall, `${at}.vms[${j}].firewall`, problems);
      return target ? { ...rest, firewall: target } : rest;
    }),
    ports: p.ports.map((pp, j) => ({
      port: pp.port,
      protocol: pp.protocol,
      ...(pp.name ? { name: pp.name } : {}),
      ...(pp.maxDuration ? { maxDurationSeconds: duration(`${at}.ports[${j}].maxDuration`, pp.maxDuration) } : {}),
    })),
    minDurationSeconds: min,
    defaultDurationSeconds: def,
    maxDurationSeconds: max,
    allowedSources: p.allowedSources,
    allowAnySource: p.allowAnySource,
    justification: p.justification,
    approval: p.approval,
    requiredActions:
      p.requiredActions && p.requiredActions.length > 0
        ? p.requiredActions.map(toRequiredAction)
        : [...DEFAULT_SCOPED_ACTIONS],
    ...(p.notifyChannel ? { notifyChannel: p.notifyChannel } : {}),
    ...(firewall ? { firewall } : {}),
  } as Policy;
}
