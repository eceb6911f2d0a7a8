import { describe, expect, it } from "vitest";

import { OPEN_STATUSES } from "../../src/domain/grant/grant.js";
import { openGrantCounter } from "../../src/observability/metric-sources.js";
import { createMetrics, noopMetrics } from "../../src/observability/metrics.js";
import { grantFixture } from "../support/grant-fixture.js";
import { MemoryGrantStore } from "../support/in-memory/memory-grant-store.js";

/** `name{labels} value` lines of one metric from the exposition text. */
const samples = (text: string, name: string): string[] =>
  text.split("\n").filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));

describe("metrics", () => {
  it("counts commands, votes, grant outcomes, ARM calls and close lateness", async () => {
    const metrics = createMetrics({}, { defaultMetrics: false });
    metrics.command("request");
    metrics.command("request");
    metrics.command("list");
    metrics.approval("approve");
    metrics.approval("deny");
    metrics.grantOutcome("active");
    metrics.grantOutcome("closed", "expired");
    metrics.armCall("putRule", 1200, true);
    metrics.armCall("putRule", 300, false);
    metrics.closeLateness(4);
    metrics.closeLateness(-0.5);
    const text = await metrics.render();

    expect(samples(text, "ajar_commands_total")).toEqual([
      'ajar_commands_total{kind="request"} 2',
      'ajar_commands_total{kind="list"} 1',
    ]);
    expect(samples(text, "ajar_approvals_total")).toEqual([
      'ajar_approvals_total{outcome="approve"} 1',
      'ajar_approvals_total{outcome="deny"} 1',
    ]);
    expect(samples(text, "ajar_grants_total")).toEqual([
      'ajar_grants_total{status="active",reason=""} 1',
      'ajar_grants_total{status="closed",reason="expired"} 1',
    ]);
    expect(samples(text, "ajar_arm_requests_total")).toEqual([
      'ajar_arm_requests_total{operation="putRule",outcome="ok"} 1',
      'ajar_arm_requests_total{operation="putRule",outcome="error"} 1',
    ]);
    expect(samples(text, "ajar_arm_request_duration_seconds_sum")).toEqual([
      'ajar_arm_request_duration_seconds_sum{operation="putRule"} 1.5',
    ]);
    expect(samples(text, "ajar_close_lateness_seconds_count")).toEqual(["ajar_close_lateness_seconds_count 2"]);
    // Early closes count as on time, never as negative lateness.
    expect(samples(text, "ajar_close_lateness_seconds_sum")).toEqual(["ajar_close_lateness_seconds_sum 4"]);
    expect(metrics.contentType).toBe("text/plain; version=0.0.4; charset=utf-8");
  });

  it("keeps each process's registry separate", async () => {
    const a = createMetrics({}, { defaultMetrics: false });
    const b = createMetrics({}, { defaultMetrics: false });
    a.command("help");
    expect(samples(await b.render(), "ajar_commands_total")).toEqual([]);
    expect(samples(await a.render(), "ajar_commands_total")).toEqual(['ajar_commands_total{kind="help"} 1']);
  });

  it("reads open grants and queue depth when scraped, and drops states that vanished", async () => {
    let queue: Record<string, number> = { delayed: 3, failed: 1 };
    const metrics = createMetrics(
      { openGrants: async () => ({ pending: 2, active: 1 }), queueJobs: async () => queue },
      { defaultMetrics: false },
    );
    let text = await metrics.render();
    expect(samples(text, "ajar_grants_open")).toEqual([
      'ajar_grants_open{status="pending"} 2',
      'ajar_grants_open{status="active"} 1',
    ]);
    expect(samples(text, "ajar_queue_jobs")).toEqual([
      'ajar_queue_jobs{state="delayed"} 3',
      'ajar_queue_jobs{state="failed"} 1',
    ]);
    queue = { delayed: 2 };
    text = await metrics.render();
    expect(samples(text, "ajar_queue_jobs")).toEqual(['ajar_queue_jobs{state="delayed"} 2']);
  });

  it("still answers when a source fails or hangs, and counts it", async () => {
    const metrics = createMetrics(
      { openGrants: () => new Promise(() => undefined), queueJobs: () => Promise.reject(new Error("redis down")) },
      { defaultMetrics: false, sourceTimeoutMs: 50 },
    );
    const started = Date.now();
    const text = await metrics.render();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(samples(text, "ajar_grants_open")).toEqual([]);
    expect(samples(text, "ajar_metrics_source_errors_total")).toEqual([
      'ajar_metrics_source_errors_total{source="ajar_grants_open"} 1',
      'ajar_metrics_source_errors_total{source="ajar_queue_jobs"} 1',
    ]);
  });

  it("includes Node.js process metrics unless told not to", async () => {
    expect(await createMetrics().render()).toContain("ajar_process_cpu_user_seconds_total");
    expect(await createMetrics({}, { defaultMetrics: false }).render()).not.toContain("process_cpu");
  });

  it("has a no-op implementation for code paths without a registry", () => {
    expect(() => {
      noopMetrics.command("request");
      noopMetrics.armCall("listVms", 1, true);
      noopMetrics.grantOutcome("closed", "revoked");
      noopMetrics.approval("approve");
      noopMetrics.closeLateness(3);
    }).not.toThrow();
  });
});

describe("open grant counter", () => {
  const grants = [
    grantFixture({ id: "g-aaaaaaaaaa", status: "active" }),
    grantFixture({ id: "g-bbbbbbbbbb", status: "pending" }),
    grantFixture({ id: "g-cccccccccc", status: "pending" }),
  ];
  it("counts every unfinished status, zero included", async () => {
    const store = new MemoryGrantStore(grants);
    expect(await openGrantCounter(store)()).toEqual({ requested: 0, pending: 2, approved: 0, active: 1 });
    expect(Object.keys(await openGrantCounter(store)())).toEqual([...OPEN_STATUSES]);
  });
});
