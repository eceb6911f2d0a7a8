import { describe, expect, it } from "vitest";

import type { NsgLease, NsgLock } from "../../../src/app/ports/nsg-lock.port.js";
import type { ReconcileMarks } from "../../../src/app/ports/reconcile-requests.port.js";
import { NsgConverger } from "../../../src/app/reconcile/nsg-converger.js";

/** In-memory stand-ins for the Redis lease and marks, with the same contract. */
function memory() {
  const held = new Set<string>();
  const gens = new Map<string, number>();
  const done = new Map<string, { generation: number; startedAt: number }>();
  const lock: NsgLock = {
    async tryAcquire(id): Promise<NsgLease | undefined> {
      if (held.has(id)) return undefined;
      held.add(id);
      return { release: async () => void held.delete(id) };
    },
  };
  const marks: ReconcileMarks = {
    bump: async (id) => {
      gens.set(id, (gens.get(id) ?? 0) + 1);
      return gens.get(id)!;
    },
    generation: async (id) => gens.get(id) ?? 0,
    done: async (id) => done.get(id) ?? { generation: -1, startedAt: 0 },
    markDone: async (id, generation, startedAt) => void done.set(id, { generation, startedAt }),
  };
  return { lock, marks, held };
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("NsgConverger", () => {
  it("serves a burst of requests on one NSG with one or two passes", async () => {
    const { lock, marks } = memory();
    const converger = new NsgConverger(lock, marks, Date.now, 5);
    let passes = 0;
    const pass = async () => {
      passes++;
      await tick(30);
    };
    const requests = [];
    for (let i = 0; i < 20; i++) {
      const generation = await marks.bump("nsg");
      requests.push(converger.converge("nsg", { generation }, pass));
      await tick(2);
    }
    expect(await Promise.all(requests)).toEqual(Array(20).fill("done"));
    expect(passes).toBeGreaterThanOrEqual(1);
    expect(passes).toBeLessThanOrEqual(2);
  });

  it("runs one more pass for a request that arrives while a pass runs, so none is lost", async () => {
    const { lock, marks } = memory();
    const converger = new NsgConverger(lock, marks, Date.now, 0);
    const seen: number[] = [];
    let late: Promise<unknown> | undefined;
    const pass = async () => {
      seen.push(await marks.generation("nsg"));
      if (!late) late = marks.bump("nsg").then((generation) => converger.converge("nsg", { generation }, pass));
      await tick(10);
    };
    const first = await marks.bump("nsg");
    await converger.converge("nsg", { generation: first }, pass);
    await late;
    expect(seen).toEqual([1, 2]);
    expect((await marks.done("nsg")).generation).toBe(2);
  });

  it("leaves an NSG leased by another process alone, and is covered by a pass that started after an end", async () => {
    const { lock, marks, held } = memory();
    const converger = new NsgConverger(lock, marks, Date.now, 0);
    held.add("nsg");
    expect(await converger.converge("nsg", { generation: await marks.bump("nsg") }, async () => undefined)).toBe(
      "busy-elsewhere",
    );
    held.delete("nsg");
    const end = Date.now() + 20;
    let passes = 0;
    await converger.converge("nsg", { notBefore: Date.now() - 1 }, async () => void passes++);
    expect(passes).toBe(1);
    // A pass that started before the end does not cover it.
    await tick(25);
    await converger.converge("nsg", { notBefore: end }, async () => void passes++);
    expect(passes).toBe(2);
  });
});
