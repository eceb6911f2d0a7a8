import { firewallFindings, formatFirewallScan, scanFirewalls } from "../../ops/scan/scan-firewalls.js";
import { formatScan, scanVms } from "../../ops/scan/scan-vms.js";
import { cliArgs } from "../cli-args.js";
import { explainErrors } from "../cli-errors.js";
import { openAzure } from "../open-azure.js";
import type { CliCommand } from "./command.js";

export const scanCommand: CliCommand = {
  summary:
    "list VMs with management ports open to the internet (NSGs, or firewall DNAT to any source), not locked down, or no policy; exits 1 if any",
  run: (args, env) =>
    explainErrors(async () => {
      const parsed = cliArgs(args, { json: { type: "boolean" } }, "ajar scan [--json]");
      if (!parsed) return 2;
      const { settings, azure } = openAzure(env);
      const report = await scanVms({ settings, network: azure.network });
      const firewalls = await scanFirewalls({ settings, network: azure.network, firewalls: azure.firewalls });
      if (parsed.values.json)
        console.log(JSON.stringify(firewalls.length > 0 ? { ...report, firewalls } : report, null, 2));
      else for (const line of [...formatScan(report), ...formatFirewallScan(firewalls)]) console.log(line);
      return report.findings + firewallFindings(firewalls) > 0 ? 1 : 0;
    }),
};
