import { describe, expect, it } from "vitest";

import { validateVmName } from "../../../src/domain/azure-id/vm-name.js";
import { AjarError } from "../../../src/domain/errors.js";

describe("validateVmName", () => {
  it.each(["vm-prod-1", "a", "1", "VM_Prod.2", "x".repeat(64), "web01.internal_a"])("accepts %j", (name) => {
    expect(validateVmName(name)).toBe(name);
  });

  it.each([
    ["", "A VM name is required."],
    ["x".repeat(65), "65 characters long"],
    ["vm prod", "contains a space"],
    ["vm/prod", 'contains "/"'],
    ["vm;rm", 'contains ";"'],
    ["vmé", 'contains "é"'],
    ["-vm", "must start with a letter or digit"],
    ["_vm", "must start with a letter or digit"],
    [".vm", "must start with a letter or digit"],
    ["vm.", "cannot end with a period or hyphen"],
    ["vm-", "cannot end with a period or hyphen"],
  ])("refuses %j (%s)", (name, fragment) => {
    let error: unknown;
    try {
      validateVmName(name);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AjarError);
    expect((error as AjarError).code).toBe("INPUT.INVALID");
    expect((error as AjarError).userMessage).toContain(fragment);
    expect((error as AjarError).userMessage).toContain("letters, digits, hyphens (-), underscores (_) and periods (.)");
  });

  it("shortens very long names in the message", () => {
    expect(() => validateVmName("y".repeat(200))).toThrow(/y{77}\.\.\." is 200 characters long/);
  });
});
