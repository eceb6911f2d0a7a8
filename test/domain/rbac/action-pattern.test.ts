import { describe, expect, it } from "vitest";

import { actionMatches, patternCovers, patternsOverlap } from "../../../src/domain/rbac/action-pattern.js";

const JIT_READ = "Microsoft.Security/locations/jitNetworkAccessPolicies/*/read";

describe("actionMatches", () => {
  it.each([
    ["*", "Microsoft.Compute/virtualMachines/read"],
    ["*/read", "Microsoft.Compute/virtualMachines/read"],
    ["Microsoft.Network/*/read", "Microsoft.Network/networkInterfaces/read"],
    ["Microsoft.Network/*/read", "Microsoft.Network/networkInterfaces/ipConfigurations/read"],
    ["Microsoft.Compute/*", "Microsoft.Compute/virtualMachines/start/action"],
    [JIT_READ, "Microsoft.Security/locations/jitNetworkAccessPolicies/default/read"],
    ["microsoft.compute/VIRTUALMACHINES/read", "Microsoft.Compute/virtualMachines/READ"],
    ["Microsoft.*/virtualMachines/read", "Microsoft.Compute/virtualMachines/read"],
    ["*read", "Microsoft.Compute/virtualMachines/read"],
    ["**", "x"],
  ])("%s matches %s", (pattern, action) => {
    expect(actionMatches(pattern, action)).toBe(true);
  });

  it.each([
    ["*/read", "Microsoft.Compute/virtualMachines/write"],
    ["*/read", "Microsoft.Compute/virtualMachines/readSomething"],
    ["Microsoft.Network/*/read", "Microsoft.Compute/virtualMachines/read"],
    ["Microsoft.Compute/virtualMachines/read", "Microsoft.Compute/virtualMachines/read/extra"],
    ["Microsoft.Compute/virtualMachines/read", "xMicrosoft.Compute/virtualMachines/read"],
    ["Microsoft.Compute/*", "Microsoft.ComputeX/virtualMachines/read"],
    [JIT_READ, "Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action"],
    ["Microsoft.Compute/virtualMachines/read", "Microsoft.Compute/*"],
  ])("%s does not match %s", (pattern, action) => {
    expect(actionMatches(pattern, action)).toBe(false);
  });
});

describe("patternCovers", () => {
  it.each([
    ["*", JIT_READ],
    ["*/read", JIT_READ],
    ["Microsoft.Security/*", JIT_READ],
    ["microsoft.security/locations/*", JIT_READ],
    [JIT_READ, JIT_READ],
    ["Microsoft.Security/locations/jitNetworkAccessPolicies/*", JIT_READ],
    ["Microsoft.Network/*/read", "Microsoft.Network/networkInterfaces/*/read"],
    ["*", "Microsoft.Compute/virtualMachines/read"],
  ])("%s covers %s", (grant, required) => {
    expect(patternCovers(grant, required)).toBe(true);
  });

  it.each([
    ["Microsoft.Security/locations/jitNetworkAccessPolicies/read", JIT_READ],
    ["Microsoft.Security/locations/jitNetworkAccessPolicies/default/read", JIT_READ],
    ["Microsoft.Security/locations/jitNetworkAccessPolicies/*/action", JIT_READ],
    ["*/write", JIT_READ],
    ["Microsoft.Network/networkInterfaces/read", "Microsoft.Network/networkInterfaces/*/read"],
    ["Microsoft.Network/networkInterfaces/*/ipConfigurations/read", "Microsoft.Network/networkInterfaces/*/read"],
    ["Microsoft.Compute/*", "Microsoft.Compute*"],
  ])("%s does not cover %s", (grant, required) => {
    expect(patternCovers(grant, required)).toBe(false);
  });
});

describe("patternsOverlap", () => {
  it.each([
    ["Microsoft.Security/*", JIT_READ, true],
    ["*/read", JIT_READ, true],
    ["Microsoft.Security/locations/jitNetworkAccessPolicies/default/read", JIT_READ, true],
    ["*/write", JIT_READ, false],
    ["Microsoft.Authorization/*/Delete", JIT_READ, false],
    ["Microsoft.Security/*/initiate/action", JIT_READ, false],
    ["a*", "*b", true],
    ["a*c", "ab*", true],
    ["a*c", "b*", false],
    ["ab", "ab", true],
    ["ab", "Ab", true],
    ["ab", "abc", false],
    ["", "*", true],
    ["", "a", false],
  ])("%s vs %s → %s", (a, b, expected) => {
    expect(patternsOverlap(a, b)).toBe(expected);
    expect(patternsOverlap(b, a)).toBe(expected);
  });
});

// Checks the clever answers against brute force over short strings. Coverage is only checked in
// the safe direction (never "covered" wrongly); overlap must be exact, and a common string of a
// pair of patterns, if one exists, is never longer than their combined length.
describe("against brute force", () => {
  const alphabet = ["a", "b", "/"];
  const strings = (max: number): string[] => {
    const out = [""];
    for (let i = 0; i < out.length; i++) {
      const s = out[i] ?? "";
      if (s.length < max) for (const c of alphabet) out.push(s + c);
    }
    return out;
  };
  const patterns = strings(4).flatMap((s) => [
    s,
    ...[...Array(s.length + 1).keys()].map((i) => `${s.slice(0, i)}*${s.slice(i)}`),
  ]);
  let seed = 42;
  const pick = (): string => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return patterns[seed % patterns.length] ?? "";
  };
  const words = strings(8);

  it("never claims coverage a counter-example refutes, and overlap agrees with enumeration", () => {
    for (let n = 0; n < 400; n++) {
      const a = pick();
      const b = pick();
      const matchA = words.filter((w) => actionMatches(a, w));
      const common = matchA.some((w) => actionMatches(b, w));
      expect(patternsOverlap(a, b), `${a} ∩ ${b}`).toBe(common);
      if (patternCovers(a, b)) {
        const counter = words.find((w) => actionMatches(b, w) && !actionMatches(a, w));
        expect(counter, `${a} ⊇ ${b}`).toBeUndefined();
      }
    }
  });
});
