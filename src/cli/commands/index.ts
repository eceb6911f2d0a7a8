import { auditCommand } from "./audit.js";
import type { CliCommand } from "./command.js";
import { demoCommand } from "./demo.js";
import { doctorCommand } from "./doctor.js";
import { grantsCommand } from "./grants.js";
import { lockdownCommand, sweepCommand } from "./maintenance.js";
import { revokeCommand } from "./revoke.js";
import { roleCommand } from "./role.js";
import { scanCommand } from "./scan.js";
import { serveCommand } from "./serve.js";
import { simulateCommand } from "./simulate.js";

export const COMMANDS: Record<string, CliCommand> = {
  all: serveCommand({ web: true, worker: true }, "Slack endpoint and job worker in one process (default)"),
  web: serveCommand({ web: true, worker: false }, "Slack endpoint only (scale out behind a load balancer)"),
  worker: serveCommand({ web: false, worker: true }, "job worker and sweeper only"),
  lockdown: lockdownCommand,
  sweep: sweepCommand,
  demo: demoCommand,
  simulate: simulateCommand,
  doctor: doctorCommand,
  scan: scanCommand,
  role: roleCommand,
  grants: grantsCommand,
  audit: auditCommand,
  revoke: revokeCommand,
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: ajar <command>\n\nCommands:\n${lines.join("\n")}\n\nConfiguration: AJAR_CONFIG (default ./ajar.yaml); secrets and endpoints from the environment (see ajar.example.yaml).`;
}
