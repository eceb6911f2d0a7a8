import type { AuditEntry } from "../../app/ports/audit-log.port.js";
import { parseSince } from "../../ops/records/audit-since.js";
import { cliArgs } from "../cli-args.js";
import { explainErrors } from "../cli-errors.js";
import { openRuntime } from "../open-runtime.js";
import type { CliCommand } from "./command.js";

const USAGE = "ajar audit [--since 24h|<ISO time>] [--json]";

const formatEntry = (e: AuditEntry): string =>
  [e.at, e.event.padEnd(12), e.grantId, e.actor.padEnd(11), `${e.vm}:${e.port}`, e.source, e.detail ?? ""]
    .join("  ")
    .trimEnd();

export const auditCommand: CliCommand = {
  summary: "print the audit trail since a time (default 24h); --json gives JSON lines",
  run: (args, env) =>
    explainErrors(async () => {
      const parsed = cliArgs(args, { since: { type: "string" }, json: { type: "boolean" } }, USAGE);
      if (!parsed) return 2;
      const { runtime } = openRuntime(env, { needsSlack: false });
      try {
        const since = parseSince(parsed.values.since ?? "24h", runtime.deps.clock.now());
        const entries = await runtime.deps.audit.read({ since });
        for (const entry of entries) console.log(parsed.values.json ? JSON.stringify(entry) : formatEntry(entry));
        return 0;
      } finally {
        await runtime.close();
      }
    }),
};
