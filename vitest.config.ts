import { defineConfig } from "vitest/config";

/**
 * Pure tests: the domain, the configuration, the docs, and the use cases over in-memory ports. They
 * start no redis-server and no HTTP listener and change nothing global, so they share threads and
 * one module graph (no per-file isolation), which is most of their cost.
 */
const UNIT_DIRS = ["domain", "config", "docs", "app"];

/** Use-case tests under test/app that start the whole stack or a simulator: they run with the integration tests. */
const APP_WITH_IO = ["test/app/jobs/lockdown-vms.test.ts", "test/app/reconcile/reconcile-firewall.test.ts"];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: UNIT_DIRS.map((dir) => `test/${dir}/**/*.test.ts`),
          exclude: APP_WITH_IO,
          pool: "threads",
          isolate: false,
        },
      },
      {
        // Everything else, so a new test file always runs somewhere: against one real redis-server,
        // BullMQ and the HTTP simulators, each file in its own process.
        test: {
          name: "integration",
          include: ["test/*.test.ts", `test/!(${UNIT_DIRS.join("|")})/**/*.test.ts`, ...APP_WITH_IO],
          globalSetup: ["test/support/redis-global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 30_000,
          pool: "forks",
        },
      },
    ],
  },
});
