import { describe, expect, it } from "vitest";

import { mergedMetrics } from "../../src/observability/merged-metrics.js";
import { createMetrics } from "../../src/observability/metrics.js";

describe("mergedMetrics", () => {
  it("adds the other thread's counters and histograms to this one's and keeps what only one has", async () => {
    const web = createMetrics({ openGrants: async () => ({ requested: 2 }) });
    const worker = createMetrics({}, { defaultMetrics: false });
    web.command("request");
    web.grantOutcome("requested");
    worker.grantOutcome("requested");
    worker.grantOutcome("active");
    web.armCall("getNsg", 40, true);
    worker.armCall("getNsg", 400, true);
    worker.closeLateness(3);

    const text = await mergedMetrics(web, () => worker.registry.getMetricsAsJSON()).render();
    expect(text).toContain('ajar_commands_total{kind="request"} 1');
    expect(text).toContain('ajar_grants_total{status="requested",reason=""} 2');
    expect(text).toContain('ajar_grants_total{status="active",reason=""} 1');
    expect(text).toContain('ajar_arm_request_duration_seconds_count{operation="getNsg"} 2');
    expect(text).toContain('ajar_arm_request_duration_seconds_bucket{le="0.05",operation="getNsg"} 1');
    expect(text).toContain("ajar_close_lateness_seconds_count 1");
    expect(text).toContain('ajar_grants_open{status="requested"} 2');
    // Process-wide figures come from this thread alone, none dropped.
    expect(text).toMatch(/^ajar_process_start_time_seconds \d+/m);
    expect(text).toMatch(/^ajar_nodejs_eventloop_lag_seconds \d/m);
  });
});
