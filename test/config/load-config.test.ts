import { describe, expect, it } from "vitest";

import { ConfigError, readEnv } from "../../src/config/env-config.js";
import { parseConfig } from "../../src/config/load-config.js";

const minimal = {
  policies: [
    {
      name: "prod",
      vms: [{ resourceGroup: "rg-prod" }],
      ports: [{ port: 22, name: "ssh" }],
      allowedSources: ["203.0.113.0/24"],
      approval: { mode: "approvers", users: ["U0BOB0001"] },
    },
  ],
};

describe("parseConfig", () => {
  it("fills defaults and converts durations to seconds", () => {
    const settings = parseConfig(minimal);
    expect(settings.pendingTimeoutSeconds).toBe(3600);
    expect(settings.policies[0]).toMatchObject({
      defaultDurationSeconds: 3600,
      maxDurationSeconds: 10800,
      approval: { minApprovals: 1, allowSelfApproval: false },
    });
    expect(settings.policies[0]!.requiredActions).toContainEqual({
      action: "Microsoft.Compute/virtualMachines/read",
      scope: "vm",
    });
    expect(settings.policies[0]!.requiredActions).toContainEqual({
      action: "Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action",
      scope: "resourceGroup",
    });
  });

  it("keeps the audit trail 400 days unless told otherwise, and refuses a retention under a day", () => {
    expect(parseConfig(minimal).auditRetentionSeconds).toBe(400 * 86_400);
    expect(parseConfig({ ...minimal, grants: { auditRetention: "2000d" } }).auditRetentionSeconds).toBe(2000 * 86_400);
    expect(() => parseConfig({ ...minimal, grants: { auditRetention: "1h" } })).toThrow(
      /grants.auditRetention: "1h" — expected at least 1d/,
    );
  });

  it("names the key, the bad value and what is expected", () => {
    const bad = { ...minimal, policies: [{ ...minimal.policies[0], ports: [{ port: 70000 }] }] };
    expect(() => parseConfig(bad)).toThrow(/policies\[0\]\.ports\[0\]\.port: 70000 — expected/);
    const badDuration = { ...minimal, grants: { pendingTimeout: "soon" } };
    expect(() => parseConfig(badDuration)).toThrow(/grants.pendingTimeout: "soon" — expected a duration/);
    const badPrefix = { ...minimal, policies: [{ ...minimal.policies[0], allowedSources: ["10.0.0.300/8"] }] };
    expect(() => parseConfig(badPrefix)).toThrow(/allowedSources\[0\]/);
    expect(() => parseConfig({ ...minimal, unknownKey: 1 })).toThrow(ConfigError);
  });

  it("refuses an inconsistent duration range and approvers without anyone", () => {
    const range = {
      ...minimal,
      policies: [{ ...minimal.policies[0], duration: { min: "2h", default: "1h", max: "3h" } }],
    };
    expect(() => parseConfig(range)).toThrow(/min <= default <= max/);
    const nobody = { ...minimal, policies: [{ ...minimal.policies[0], approval: { mode: "approvers" } }] };
    expect(() => parseConfig(nobody)).toThrow(/needs users or usergroups/);
  });
});

describe("readEnv", () => {
  it("uses defaults and never echoes a secret in its errors", () => {
    expect(readEnv({}).PORT).toBe(3000);
    let message = "";
    try {
      readEnv({ SLACK_BOT_TOKEN: "not-a-token-secret-value" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/SLACK_BOT_TOKEN: a bot token starting with xoxb-/);
    expect(message).not.toContain("secret-value");
  });
});

describe("identities from Entra ID", () => {
  const base = {
    azure: { subscriptions: ["00000000-0000-0000-0000-000000000001"] },
    policies: [
      {
        name: "p",
        vms: [{ resourceGroup: "rg" }],
        ports: [{ port: 22 }],
        allowAnySource: true,
        approval: { mode: "approvers", entraGroups: ["77777777-7777-7777-7777-777777777702"] },
      },
    ],
  };

  it("keeps the list form as source config, and reads Graph only when something needs it", () => {
    const listed = parseConfig({
      ...base,
      policies: [{ ...base.policies[0], approval: { mode: "none" } }],
      identities: [{ slackUserId: "U0ALICE01", objectId: "11111111-1111-1111-1111-111111111111" }],
    });
    expect(listed.identitySource).toBe("config");
    expect(listed.entra).toBeUndefined();
  });

  it("accepts source entra with entries, entra.cacheTtl (default 5m) and approver groups", () => {
    const settings = parseConfig({
      ...base,
      identities: {
        source: "entra",
        entries: [{ email: "svc@example.com", objectId: "11111111-1111-1111-1111-111111111111" }],
      },
      entra: { cacheTtl: "2m", allowGuests: true },
    });
    expect(settings.identitySource).toBe("entra");
    expect(settings.identities).toHaveLength(1);
    expect(settings.entra).toEqual({ cacheTtlSeconds: 120, allowGuests: true });
    expect(parseConfig(base).entra).toEqual({ cacheTtlSeconds: 300, allowGuests: false });
  });

  it("refuses an approver group that is not an object id", () => {
    expect(() =>
      parseConfig({
        ...base,
        policies: [{ ...base.policies[0], approval: { mode: "approvers", entraGroups: ["ops"] } }],
      }),
    ).toThrow(/entraGroups\[0\]/);
  });
});
