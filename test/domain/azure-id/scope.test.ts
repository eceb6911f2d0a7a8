import { describe, expect, it } from "vitest";

import {
  isManagementGroupScope,
  isScopeAtOrAbove,
  parseScope,
  sameScope,
  tryParseScope,
} from "../../../src/domain/azure-id/scope.js";

const SUB = `/subscriptions/11111111-2222-3333-4444-555555555555`;
const RG = `${SUB}/resourceGroups/rg-prod`;
const VM = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-prod-1`;
const MG = "/providers/Microsoft.Management/managementGroups/mg-root";

describe("parseScope ancestors", () => {
  it("lists a VM's ancestors from itself to the root", () => {
    expect(parseScope(VM).ancestors).toEqual([VM, RG, SUB, "/"]);
  });

  it("walks nested and extension resources", () => {
    const rule = `${RG}/providers/Microsoft.Network/networkSecurityGroups/nsg/securityRules/r1`;
    expect(parseScope(rule).ancestors).toEqual([
      rule,
      `${RG}/providers/Microsoft.Network/networkSecurityGroups/nsg`,
      RG,
      SUB,
      "/",
    ]);
    const ext = `${VM}/providers/Microsoft.Security/jitThing/x`;
    expect(parseScope(ext).ancestors).toEqual([ext, VM, RG, SUB, "/"]);
  });

  it("handles the root, subscriptions and management groups", () => {
    expect(parseScope("/").ancestors).toEqual(["/"]);
    expect(parseScope(SUB).ancestors).toEqual([SUB, "/"]);
    expect(parseScope(MG).ancestors).toEqual([MG, "/"]);
  });

  it("refuses malformed scopes", () => {
    for (const bad of [
      "",
      "subscriptions/x",
      "/subscriptions",
      `${RG}/providers/Microsoft.Compute`,
      "/providers/Microsoft.Management/managementGroups",
      "//",
    ]) {
      expect(tryParseScope(bad), bad).toBeUndefined();
    }
    expect(() => parseScope("nope")).toThrow(/is not an Azure scope/);
  });

  it("reports the kind of scope", () => {
    expect(parseScope("/").kind).toBe("root");
    expect(parseScope(MG).kind).toBe("managementGroup");
    expect(parseScope(SUB).kind).toBe("subscription");
    expect(parseScope(RG).kind).toBe("resourceGroup");
    expect(parseScope(VM).kind).toBe("resource");
    expect(parseScope(`${SUB}/providers/Microsoft.Security/locations/westeurope`).kind).toBe("resource");
  });
});

describe("isScopeAtOrAbove", () => {
  it("accepts the scope itself and its ancestors, case-insensitively", () => {
    for (const candidate of [VM, RG, SUB, "/", VM.toUpperCase(), RG.toLowerCase(), `${RG}/`]) {
      expect(isScopeAtOrAbove(candidate, VM), candidate).toBe(true);
    }
  });

  it("refuses children, siblings and name prefixes", () => {
    expect(isScopeAtOrAbove(VM, RG)).toBe(false);
    expect(isScopeAtOrAbove(`${RG}/providers/Microsoft.Compute/virtualMachines/vm-prod-2`, VM)).toBe(false);
    expect(isScopeAtOrAbove(`${SUB}/resourceGroups/rg-pro`, VM)).toBe(false);
    expect(isScopeAtOrAbove(`${SUB}/resourceGroups/rg-prod-2`, VM)).toBe(false);
    expect(isScopeAtOrAbove(`${RG}/providers/Microsoft.Compute`, VM)).toBe(false);
    expect(isScopeAtOrAbove("garbage", VM)).toBe(false);
    expect(isScopeAtOrAbove("/", "garbage")).toBe(false);
  });

  it("cannot place management groups from ids alone", () => {
    expect(isScopeAtOrAbove(MG, VM)).toBe(false);
    expect(isManagementGroupScope(MG)).toBe(true);
    expect(isManagementGroupScope(MG.toUpperCase())).toBe(true);
    expect(isManagementGroupScope(SUB)).toBe(false);
  });

  it("sameScope compares case-insensitively", () => {
    expect(sameScope(VM, VM.toLowerCase())).toBe(true);
    expect(sameScope(VM, `${VM}/`)).toBe(true);
    expect(sameScope(VM, RG)).toBe(false);
  });
});
