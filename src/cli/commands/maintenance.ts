import { lockdownVms } from "../../app/jobs/lockdown-vms.js";
import { sweep } from "../../app/jobs/sweep.js";
import { resourceName } from "../../domain/azure-id/resource-id.js";
import { withRuntime } from "../open-runtime.js";
import type { CliCommand } from "./command.js";

export const lockdownCommand: CliCommand = {
  summary: "lock down every VM a policy covers (reconciling its NSGs now), report any that is not, then exit",
  run: (_args, env) =>
    withRuntime(env, async (runtime) => {
      const report = await lockdownVms(runtime.deps);
      let bad = report.errors.length + report.unresolved.length;
      for (const nsg of report.nsgs) {
        const name = resourceName(nsg.nsgId);
        if (nsg.error) console.log(`FAIL ${name}: ${nsg.error}`);
        for (const l of nsg.lockdowns) {
          if (l.state === "impossible") bad++;
          console.log(
            l.state === "ajar"
              ? `OK   ${l.vmName} ${name}: ${l.rule} at ${l.priority}`
              : l.state === "existing-deny"
                ? `OK   ${l.vmName} ${name}: already denied by ${l.rule} at ${l.priority}`
                : `FAIL ${l.vmName} ${name}: ${l.reason}`,
          );
        }
        for (const e of nsg.exposures) {
          bad++;
          console.log(
            `OPEN ${e.vmName} ${name}: port ${e.port} is open to any source by ${e.rule} at ${e.priority}, above its deny`,
          );
        }
        if (nsg.error) bad++;
      }
      for (const u of report.unresolved) console.log(`SKIP ${u}`);
      for (const e of report.errors) console.log(`FAIL ${e}`);
      return bad > 0 ? 1 : 0;
    }),
};

export const sweepCommand: CliCommand = {
  summary: "reconcile every NSG against the grants, lock down new VMs and pick up lost jobs, then exit",
  run: (_args, env) =>
    withRuntime(env, async (runtime) => {
      const report = await sweep(runtime.deps);
      console.log(JSON.stringify(report, null, 2));
      return report.errors.length > 0 ? 1 : 0;
    }),
};
