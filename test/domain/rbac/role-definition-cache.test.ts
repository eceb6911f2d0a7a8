import { describe, expect, it, vi } from "vitest";

import { createRoleDefinitionCache } from "../../../src/domain/rbac/role-definition-cache.js";
import { ROLES } from "./fixtures.js";

const setup = () => {
  let now = 1_000;
  const cache = createRoleDefinitionCache({ ttlMs: 60_000, now: () => now });
  return { cache, advance: (ms: number) => (now += ms) };
};

describe("createRoleDefinitionCache", () => {
  it("loads once for concurrent and repeated callers, ignoring id casing", async () => {
    const { cache } = setup();
    const load = vi.fn(async () => ROLES.reader);
    const results = await Promise.all([cache.get("ID-1", load), cache.get("id-1", load)]);
    await cache.get("Id-1", load);
    expect(results).toEqual([ROLES.reader, ROLES.reader]);
    expect(load).toHaveBeenCalledTimes(1);
    expect(load).toHaveBeenCalledWith("ID-1");
  });

  it("reloads after the TTL", async () => {
    const { cache, advance } = setup();
    const load = vi.fn(async () => ROLES.reader);
    await cache.get("id", load);
    advance(59_999);
    await cache.get("id", load);
    expect(load).toHaveBeenCalledTimes(1);
    advance(1);
    await cache.get("id", load);
    expect(load).toHaveBeenCalledTimes(2);
    expect(cache.size).toBe(1);
  });

  it("does not cache failures", async () => {
    const { cache } = setup();
    const load = vi.fn().mockRejectedValueOnce(new Error("503")).mockResolvedValueOnce(ROLES.reader);
    await expect(cache.get("id", load)).rejects.toThrow("503");
    await expect(cache.get("id", load)).resolves.toBe(ROLES.reader);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("turns a synchronous throw into a rejection", async () => {
    const { cache } = setup();
    const load = (): Promise<never> => {
      throw new Error("boom");
    };
    await expect(cache.get("id", load)).rejects.toThrow("boom");
    expect(cache.size).toBe(0);
  });

  it("an aborted caller stops waiting while others still get the result", async () => {
    const { cache } = setup();
    let resolve: (value: typeof ROLES.reader) => void = () => undefined;
    const load = vi.fn(() => new Promise<typeof ROLES.reader>((r) => (resolve = r)));
    const controller = new AbortController();
    const first = cache.get("id", load, controller.signal);
    const second = cache.get("id", load);
    controller.abort(new Error("shutting down"));
    await expect(first).rejects.toThrow("shutting down");
    resolve(ROLES.reader);
    await expect(second).resolves.toBe(ROLES.reader);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("rejects at once for an already aborted signal", async () => {
    const { cache } = setup();
    await expect(cache.get("id", async () => ROLES.reader, AbortSignal.abort(new Error("gone")))).rejects.toThrow(
      "gone",
    );
  });

  it("clear forgets everything", async () => {
    const { cache } = setup();
    await cache.get("id", async () => ROLES.reader);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it("refuses a negative TTL", () => {
    expect(() => createRoleDefinitionCache({ ttlMs: -1, now: () => 0 })).toThrow(RangeError);
  });
});
