import { describe, expect, it } from "vitest";

import { GRANT_ID_PATTERN, isGrantId, newGrantId } from "../../../src/domain/grant/grant-id.js";

describe("isGrantId", () => {
  it("accepts ids as the grant module mints them", () => {
    for (let i = 0; i < 50; i++) expect(isGrantId(newGrantId())).toBe(true);
  });

  it.each(["g-7kq2m4xzab", "g-aaaaaaaaaa", "g-2345672345"])("accepts %s", (id) => {
    expect(isGrantId(id)).toBe(true);
  });

  it.each([
    "",
    "g-",
    "7kq2m4xzab",
    "G-7KQ2M4XZAB",
    "g-7kq2m4xza1",
    "g-7kq2m4xza8",
    "g-7kq2m4xzabc",
    "g-7kq2m4xza",
    "g-7kq2m4xza:",
    " g-7kq2m4xzab",
  ])("refuses %j", (id) => {
    expect(isGrantId(id)).toBe(false);
  });

  it("is anchored", () => {
    expect(GRANT_ID_PATTERN.source.startsWith("^")).toBe(true);
    expect(GRANT_ID_PATTERN.source.endsWith("$")).toBe(true);
  });
});
