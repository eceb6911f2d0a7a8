import { readFileSync } from "node:fs";

import { parse as parseYaml } from "yaml";
import type { z } from "zod";

import type { Settings } from "../app/settings.js";
import { errorMessage, isAjarError } from "../domain/errors.js";
import { parseIpPrefix } from "../domain/net/index.js";
import type { IdentityMapping, Policy } from "../domain/policy/policy.js";
import { DEFAULT_SCOPED_ACTIONS, toRequiredAction } from "../domain/rbac/index.js";
import { parseDuration } from "../domain/time/parse-duration.js";
import { fileSchema, type FileConfig } from "./config-schema.js";
import { ConfigError } from "./env-config.js";
import { toFirewallTarget } from "./firewall-config.js";

/** Reads and validates the YAML file; every problem names the key, the bad value and what is expected. */
export function loadConfigFile(path: string): Settings {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new ConfigError(
      `Cannot read the configuration file ${path}. Set AJAR_CONFIG to its path (see ajar.example.yaml).`,
    );
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${path} is not valid YAML: ${errorMessage(error)}`);
  }
  return parseConfig(raw, path);
}

export function parseConfig(raw: unknown, origin = "configuration"): Settings {
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`Invalid ${origin}:\n${formatIssues(parsed.error.issues, raw)}`);
  const problems: string[] = [];
  const settings = toSettings(parsed.data, problems);
  if (problems.length > 0) throw new ConfigError(`Invalid ${origin}:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  return settings;
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let cur: unknown = raw;
  for (const key of path) cur = cur && typeof cur === "object" ? (cur as Record<PropertyKey, unknown>)[key] : undefined;
  return cur;
}

function formatIssues(issues: z.core.$ZodIssue[], raw: unknown): string {
  return issues
    .map((issue) => {
      const key =
        issue.path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i > 0 ? "." : ""}${String(p)}`)).join("") ||
        "(top level)";
      const value = valueAt(raw, issue.path);
      const shown = value === undefined ? "missing" : JSON.stringify(value)?.slice(0, 80);
      return `  ${key}: ${shown} — expected ${issue.message}`;
    })
    .join("\n");
}

function toSettings(file: FileConfig, problems: string[]): Settings {
  const duration = (key: string, text: string, allowOff = false, maxSeconds?: number): number => {
    // Some notices can be switched off; say so explicitly rather than with a tiny duration.
    if (allowOff && /^(0s?|off)$/i.test(text.trim())) return 0;
    try {
      return parseDuration(text, maxSeconds === undefined ? {} : { maxSeconds });
    } catch (error) {
      problems.push(
        `${key}: ${JSON.stringify(text)} — expected a duration such as 30m, 2h or PT1H (${isAjarError(error) ? error.userMessage : String(error)})`,
      );
      return 0;
    }
  };
  const prefix = (key: string, text: string): void => {
    try {
      parseIpPrefix(text);
    } catch (error) {
      problems.push(
        `${key}: ${JSON.stringify(text)} — expected an IP address or CIDR (${isAjarError(error) ? error.userMessage : String(error)})`,
      );
    }
  };

  const policies: Policy[] = file.policies.map((p, i) => {
    const at = `policies[${i}]`;
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
  });
  const names = new Set<string>();
  for (const p of policies) {
    if (names.has(p.name)) problems.push(`policies: the name ${p.name} is used twice`);
    names.add(p.name);
  }

  const identityEntries = Array.isArray(file.identities) ? file.identities : file.identities.entries;
  const identitySource = Array.isArray(file.identities) ? "config" : file.identities.source;
  const identitiesKey = Array.isArray(file.identities) ? "identities" : "identities.entries";
  const identities: IdentityMapping[] = identityEntries.map((id, i) => {
    if (id.defaultSource) prefix(`${identitiesKey}[${i}].defaultSource`, id.defaultSource);
    return {
      objectId: id.objectId.toLowerCase(),
      ...(id.slackUserId ? { slackUserId: id.slackUserId } : {}),
      ...(id.email ? { email: id.email } : {}),
      ...(id.manager ? { managerSlackUserId: id.manager } : {}),
      ...(id.defaultSource ? { defaultSource: id.defaultSource } : {}),
    };
  });

  // Graph is read only when something asks for it, so existing installations change nothing.
  const needsEntra =
    identitySource === "entra" ||
    file.entra !== undefined ||
    policies.some((p) => p.approval.mode === "approvers" && p.approval.entraGroups.length > 0);
  const entra = file.entra ?? { cacheTtl: "5m", allowGuests: false };
  file.http.trustedProxies.forEach((p, i) => prefix(`http.trustedProxies[${i}]`, p));

  return {
    policies,
    identities,
    identitySource,
    ...(needsEntra
      ? { entra: { cacheTtlSeconds: duration("entra.cacheTtl", entra.cacheTtl), allowGuests: entra.allowGuests } }
      : {}),
    trustedProxies: file.http.trustedProxies,
    subscriptions: file.azure.subscriptions,
    ...(file.slack.notifyChannel ? { notifyChannel: file.slack.notifyChannel } : {}),
    ...(file.slack.approvalChannel ? { approvalChannel: file.slack.approvalChannel } : {}),
    lockdownPriority: file.azure.lockdown.priority,
    lockdownOnStart: file.azure.lockdown.onStart,
    armPollIntervalMs: file.azure.pollIntervalMs,
    batchNsgWrites: file.azure.batchNsgWrites,
    nsgCoalesceMs: file.azure.coalesceMs,
    openTimeoutSeconds: duration("grants.openTimeout", file.grants.openTimeout),
    pendingTimeoutSeconds: duration("grants.pendingTimeout", file.grants.pendingTimeout),
    reminderAfterSeconds: duration("grants.reminderAfter", file.grants.reminderAfter),
    expiryNoticeSeconds: duration("grants.expiryNotice", file.grants.expiryNotice, true),
    sweepEverySeconds: duration("grants.sweepEvery", file.grants.sweepEvery),
    roleCacheTtlSeconds: duration("grants.roleCacheTtl", file.grants.roleCacheTtl),
    auditRetentionSeconds: auditRetention(),
    maxLeadTimeSeconds: duration("grants.maxLeadTime", file.grants.maxLeadTime),
    maxVmsPerRequest: file.requests.maxVmsPerRequest,
  };

  // Counted in days and years, far past a grant's 30-day cap. Under a day is surely a unit typo.
  function auditRetention(): number {
    const seconds = duration("grants.auditRetention", file.grants.auditRetention, false, 100 * 365 * 86_400);
    if (seconds > 0 && seconds < 86_400)
      problems.push(
        `grants.auditRetention: ${JSON.stringify(file.grants.auditRetention)} — expected at least 1d (the audit trail is the permanent record)`,
      );
    return seconds;
  }
}
