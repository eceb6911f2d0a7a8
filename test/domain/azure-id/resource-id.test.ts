import { describe, expect, it } from "vitest";

import {
  formatResourceId,
  isVmResourceId,
  parseResourceId,
  parseVmResourceId,
  tryParseResourceId,
} from "../../../src/domain/azure-id/resource-id.js";
import { AjarError } from "../../../src/domain/errors.js";

const SUB = "11111111-2222-3333-4444-555555555555";
const VM = `/subscriptions/${SUB}/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-prod-1`;

describe("parseResourceId", () => {
  it("parses a VM id", () => {
    expect(parseResourceId(VM)).toEqual({
      subscriptionId: SUB,
      resourceGroup: "rg-prod",
      provider: "Microsoft.Compute",
      types: ["virtualMachines"],
      names: ["vm-prod-1"],
    });
  });

  it("reads segment keys case-insensitively and keeps values as given", () => {
    const id = `/SUBSCRIPTIONS/${SUB}/RESOURCEGROUPS/RG-Prod/PROVIDERS/microsoft.compute/VIRTUALMACHINES/VM-Prod-1`;
    expect(parseResourceId(id)).toMatchObject({
      resourceGroup: "RG-Prod",
      provider: "microsoft.compute",
      names: ["VM-Prod-1"],
    });
  });

  it("parses subscriptions, resource groups, nested and subscription-level resources", () => {
    expect(parseResourceId(`/subscriptions/${SUB}`)).toEqual({ subscriptionId: SUB, types: [], names: [] });
    expect(parseResourceId(`/subscriptions/${SUB}/resourceGroups/rg`)).toEqual({
      subscriptionId: SUB,
      resourceGroup: "rg",
      types: [],
      names: [],
    });
    expect(
      parseResourceId(
        `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg/securityRules/r1`,
      ),
    ).toMatchObject({ types: ["networkSecurityGroups", "securityRules"], names: ["nsg", "r1"] });
    expect(parseResourceId(`/subscriptions/${SUB}/providers/Microsoft.Security/locations/westeurope`)).toMatchObject({
      provider: "Microsoft.Security",
      types: ["locations"],
      names: ["westeurope"],
    });
  });

  it("tolerates one trailing slash", () => {
    expect(parseResourceId(`${VM}/`).names).toEqual(["vm-prod-1"]);
  });

  it.each([
    "",
    "/",
    "subscriptions/x",
    "/subscriptions",
    "/subscriptions//resourceGroups/rg",
    `/subscriptions/${SUB}/resourceGroups`,
    `/subscriptions/${SUB}/resourceGroups/rg/providers`,
    `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute`,
    `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines`,
    `/subscriptions/${SUB}/resourceGroups/rg/somethingElse/x`,
    `${VM}/providers/Microsoft.Authorization/roleAssignments/ra1`,
    `/providers/Microsoft.Management/managementGroups/mg`,
    `${VM} `,
  ])("refuses %j", (id) => {
    expect(tryParseResourceId(id)).toBeUndefined();
    expect(() => parseResourceId(id)).toThrow(AjarError);
  });

  it("says what a VM id looks like", () => {
    expect(() => parseResourceId("/nope")).toThrow(
      /resourceGroups\/<group>\/providers\/Microsoft\.Compute\/virtualMachines\/<name>/,
    );
  });
});

describe("formatResourceId", () => {
  it("rebuilds ids with ARM's key casing", () => {
    const id = `/SUBSCRIPTIONS/${SUB}/resourcegroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-prod-1`;
    expect(formatResourceId(parseResourceId(id))).toBe(VM);
    expect(formatResourceId({ subscriptionId: SUB, types: [], names: [] })).toBe(`/subscriptions/${SUB}`);
  });
});

describe("isVmResourceId / parseVmResourceId", () => {
  it("recognises VM ids in any casing and nothing else", () => {
    expect(isVmResourceId(VM)).toBe(true);
    expect(isVmResourceId(VM.toUpperCase())).toBe(true);
    expect(isVmResourceId(`/subscriptions/${SUB}/resourceGroups/rg`)).toBe(false);
    expect(isVmResourceId(`${VM}/extensions/ext`)).toBe(false);
    expect(isVmResourceId(VM.replace("Microsoft.Compute", "Microsoft.ClassicCompute"))).toBe(false);
    expect(isVmResourceId(`/subscriptions/${SUB}/providers/Microsoft.Compute/virtualMachines/vm`)).toBe(false);
  });

  it("parses a VM id with its name", () => {
    expect(parseVmResourceId(VM)).toMatchObject({ resourceGroup: "rg-prod", name: "vm-prod-1" });
    expect(() => parseVmResourceId(`/subscriptions/${SUB}/resourceGroups/rg`)).toThrow(/is not a virtual machine id/);
  });
});
