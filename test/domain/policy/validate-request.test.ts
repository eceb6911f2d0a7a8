import { describe, expect, it } from "vitest";

import { policyCoversVm } from "../../../src/domain/policy/match-policy.js";
import type { Policy } from "../../../src/domain/policy/policy.js";
import { validateJustification, validateRequest } from "../../../src/domain/policy/validate-request.js";

const policy: Policy = {
  name: "prod",
  vms: [{ resourceGroup: "rg-prod", namePattern: "vm-prod-*" }, { tags: { jit: "on" } }],
  ports: [
    { port: 22, name: "ssh", protocol: "Tcp" },
    { port: 3389, protocol: "Tcp", maxDurationSeconds: 1800 },
  ],
  minDurationSeconds: 300,
  defaultDurationSeconds: 3600,
  maxDurationSeconds: 3 * 3600,
  allowedSources: ["203.0.113.0/24", "2001:db8::/32"],
  allowAnySource: false,
  justification: { required: true, pattern: "^INC-\\d+", hint: "start with the incident id, e.g. INC-42" },
  approval: { mode: "none" },
  requiredActions: [],
};

const vm = (name: string, resourceGroup = "rg-prod", tags: Record<string, string> = {}) => ({
  id: `/x/${name}`,
  name,
  subscriptionId: "s",
  resourceGroup,
  tags,
});

describe("policy matching", () => {
  it("matches by resource group and name glob (case-insensitive), or by tag", () => {
    expect(policyCoversVm(policy, vm("VM-PROD-1", "RG-PROD"))).toBe(true);
    expect(policyCoversVm(policy, vm("vm-dev-1"))).toBe(false);
    expect(policyCoversVm(policy, vm("anything", "rg-other", { jit: "on" }))).toBe(true);
    expect(policyCoversVm(policy, vm("anything", "rg-other", { jit: "ON" }))).toBe(false);
  });
});

describe("validateRequest", () => {
  it("applies the default duration and canonicalises the source", () => {
    expect(validateRequest(policy, { port: 22, source: "203.0.113.7" })).toMatchObject({
      durationSeconds: 3600,
      source: "203.0.113.7/32",
    });
  });

  it("refuses durations over the policy or port maximum, and under the minimum", () => {
    expect(() => validateRequest(policy, { port: 22, source: "203.0.113.7", durationSeconds: 4 * 3600 })).toThrow(
      /3h or less/,
    );
    expect(() => validateRequest(policy, { port: 3389, source: "203.0.113.7", durationSeconds: 3600 })).toThrow(
      /30m or less/,
    );
    expect(() => validateRequest(policy, { port: 22, source: "203.0.113.7", durationSeconds: 60 })).toThrow(
      /at least 5m/,
    );
  });

  it("refuses sources outside the allowed prefixes and any-source tokens", () => {
    expect(() => validateRequest(policy, { port: 22, source: "198.51.100.7" })).toThrow(/outside the sources/);
    expect(() => validateRequest(policy, { port: 22, source: "203.0.112.0/23" })).toThrow(/outside the sources/);
    for (const any of ["*", "Any", "Internet", "0.0.0.0/0", "::/0"]) {
      expect(() => validateRequest(policy, { port: 22, source: any })).toThrow(/any source/);
    }
    expect(validateRequest({ ...policy, allowAnySource: true }, { port: 22, source: "Internet" }).source).toBe("*");
  });

  it("refuses ports the policy does not offer, naming the ones it does", () => {
    expect(() => validateRequest(policy, { port: 5985, source: "203.0.113.7" })).toThrow(/ssh \(22\), 3389/);
  });

  it("checks justification presence and pattern", () => {
    expect(() => validateJustification(policy, undefined)).toThrow(/needs a reason/);
    expect(() => validateJustification(policy, "because")).toThrow(/INC-42/);
    expect(() => validateJustification(policy, "INC-7 fix disk")).not.toThrow();
  });
});
