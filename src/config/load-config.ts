import { readFileSync } from "node:fs";

import { parse as parseYaml } from "yaml";

import type { Settings } from "../app/settings.js";
import { errorMessage } from "../domain/errors.js";
import type { IdentityMapping } from "../domain/policy/policy.js";
import { formatIssues } from "./config-issues.js";
import { fileSchema, type FileConfig } from "./config-schema.js";
import { valueChecks } from "./config-values.js";
import { ConfigError } from "./env-config.js";
import { toPolicies } from "./policy-config.js";

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

function toSettings(file: FileConfig, problems: string[]): Settings {
  const checks = valueChecks(problems);
  const { duration, prefix } = checks;
  const policies = toPolicies(file.policies, checks, problems);

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
