import { describe, expect, it } from "vitest";

import { ExpiringMap } from "../../../src/domain/time/expiring-map.js";

describe("ExpiringMap", () => {
  it("forgets an entry once it is as old as its time to live", () => {
    let now = 0;
    const map = new ExpiringMap<string, number>(1000, 10, () => now);
    map.set("a", 1);
    now = 999;
    expect(map.get("a")).toBe(1);
    now = 1000;
    expect(map.get("a")).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it("holds at most its maximum, dropping the oldest set first", () => {
    let now = 0;
    const map = new ExpiringMap<string, number>(60_000, 3, () => now);
    for (const [i, key] of ["a", "b", "c"].entries()) {
      now = i;
      map.set(key, i);
    }
    now = 3;
    map.set("a", 10);
    map.set("d", 4);
    expect(map.size).toBe(3);
    expect([map.get("a"), map.get("b"), map.get("c"), map.get("d")]).toEqual([10, undefined, 2, 4]);
  });

  it("drops expired entries as new ones come in, even those nobody asks for again", () => {
    let now = 0;
    const map = new ExpiringMap<number, number>(100, 1_000_000, () => now);
    for (let i = 0; i < 1000; i++) {
      now = i;
      map.set(i, i);
    }
    expect(map.size).toBe(100);
  });
});
