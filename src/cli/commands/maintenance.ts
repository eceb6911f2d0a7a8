import { lockdownVms } from "../../app/lockdown-vms.js";
import { sweep } from "../../app/sweep.js";
import { openRuntime } from "../open-runtime.js";
import type { CliCommand } from "./command.js";

export const lockdownCommand: CliCommand = {
  summary: "ensure the lock-down deny rule of every VM a policy covers, then exit",
  async run(_args, env) {
    const { runtime } = openRuntime(env, { needsSlack: false });
    try {
      const report = await lockdownVms(runtime.deps);
      for (const r of report) console.log(`${r.error ? "FAIL" : r.changed ? "SET " : "OK  "} ${r.vm} ${r.nsgId.split("/").pop()}${r.priority ? ` priority ${r.priority}` : ""}${r.error ? `: ${r.error}` : ""}`);
      return report.some((r) => r.error) ? 1 : 0;
    } finally {
      await runtime.close();
    }
  },
};

export const sweepCommand: CliCommand = {
  summary: "close every expired ajar rule and finish grants whose jobs were lost, then exit",
  async run(_args, env) {
    const { runtime } = openRuntime(env, { needsSlack: false });
    try {
      const report = await sweep(runtime.deps);
      console.log(JSON.stringify(report, null, 2));
      return report.errors.length > 0 ? 1 : 0;
    } finally {
      await runtime.close();
    }
  },
};
