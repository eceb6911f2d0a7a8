import { afterEach, describe, expect, it } from "vitest";

import {
  allowRules,
  armWritesTo,
  e2eConfig,
  jit,
  NIC_NSG,
  startE2E,
  SUBNET_NSG,
  until,
  type E2E,
} from "../support/e2e.js";

describe("several workers on one Redis", () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it("share the jobs without opening or closing anything twice", async () => {
    const config = e2eConfig();
    (config.policies as Record<string, unknown>[])[0]!.approval = { mode: "none" };
    e2e = await startE2E(config, { worker: { concurrency: 2, lockDurationMs: 2000, stalledIntervalMs: 1000 } });
    const second = await e2e.stack.addWorker({ concurrency: 2, lockDurationMs: 2000, stalledIntervalMs: 1000 });
    const processed = new Map<string, number>();
    for (const [label, worker] of [
      ["first", e2e.stack.worker!.worker],
      ["second", second.worker.worker],
    ] as const) {
      worker.on("completed", () => processed.set(label, (processed.get(label) ?? 0) + 1));
    }

    const ids: string[] = [];
    for (let i = 0; i < 8; i++)
      ids.push((await jit(e2e, "U0ALICE01", `ssh vm-prod-1 2s from 203.0.113.${i + 20}`)).grantId!);
    await until(
      "every grant to close",
      async () => {
        const grants = await Promise.all(ids.map((id) => e2e!.stack.runtime.deps.store.get(id)));
        return grants.every((g) => g?.status === "closed");
      },
      30_000,
    );

    expect(processed.get("first")).toBeGreaterThan(0);
    expect(processed.get("second")).toBeGreaterThan(0);
    // Changes to one NSG are coalesced across both workers: far fewer writes than one per rule change
    // (8 grants × put + delete), and none refused for a clash or a busy NSG.
    for (const nsg of [NIC_NSG, SUBNET_NSG]) {
      const writes = armWritesTo(e2e, nsg);
      expect(writes.length).toBeLessThan(16);
      expect(writes.filter((w) => w.outcome === "rejected")).toEqual([]);
    }
    expect(allowRules(e2e, NIC_NSG)).toHaveLength(0);
    expect(allowRules(e2e, SUBNET_NSG)).toHaveLength(0);
    // A close is recorded in the grant first, then in the audit stream.
    const audit = await until("every close in the audit stream", async () => {
      const read = await e2e!.stack.runtime.deps.audit.read({});
      return ids.every((id) => read.some((a) => a.grantId === id && a.event === "expired")) ? read : undefined;
    });
    for (const id of ids) expect(audit.filter((a) => a.grantId === id && a.event === "opened")).toHaveLength(1);
    for (const id of ids) expect(audit.filter((a) => a.grantId === id && a.event === "expired")).toHaveLength(1);
  });
});
