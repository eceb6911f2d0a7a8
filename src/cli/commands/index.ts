import type { CliCommand } from "./command.js";

/**
 * A command's module is loaded only when it runs: `ajar all` must not pay for the simulators, the
 * demo or the doctor at start-up (a restarted process should answer Slack within seconds).
 */
const lazy = (summary: string, load: () => Promise<CliCommand>): CliCommand => ({
  summary,
  run: async (args, env) => (await load()).run(args, env),
});

export const COMMANDS: Record<string, CliCommand> = {
  all: lazy("Slack endpoint and job worker in one process (default)", async () =>
    (await import("./serve.js")).serveCommand({ web: true, worker: true }, ""),
  ),
  web: lazy("Slack endpoint only (scale out behind a load balancer)", async () =>
    (await import("./serve.js")).serveCommand({ web: true, worker: false }, ""),
  ),
  worker: lazy("job worker and sweeper only", async () =>
    (await import("./serve.js")).serveCommand({ web: false, worker: true }, ""),
  ),
  lockdown: lazy(
    "lock down every VM a policy covers (reconciling its NSGs now), report any that is not, then exit",
    async () => (await import("./maintenance.js")).lockdownCommand,
  ),
  sweep: lazy(
    "reconcile every NSG against the grants, lock down new VMs and pick up lost jobs, then exit",
    async () => (await import("./maintenance.js")).sweepCommand,
  ),
  demo: lazy(
    "run the whole flow locally against the built-in Slack and Azure simulators",
    async () => (await import("./demo.js")).demoCommand,
  ),
  simulate: lazy(
    "start the ARM, Microsoft Graph and Slack simulators on loopback (seed file as argument) until interrupted",
    async () => (await import("./simulate.js")).simulateCommand,
  ),
  doctor: lazy(
    "check config, Redis, Slack, Azure and Microsoft Graph permissions; exits 1 on any failure",
    async () => (await import("./doctor.js")).doctorCommand,
  ),
  scan: lazy(
    "list VMs with management ports open to the internet (NSGs, or firewall DNAT to any source), not locked down, or no policy; exits 1 if any",
    async () => (await import("./scan.js")).scanCommand,
  ),
  role: lazy(
    "print a least-privilege Azure custom role (JSON) for ajar's identity or for requesters",
    async () => (await import("./role.js")).roleCommand,
  ),
  grants: lazy(
    "list grants, newest first (--active: rules open now)",
    async () => (await import("./grants.js")).grantsCommand,
  ),
  audit: lazy(
    "print the audit trail since a time (default 24h); --json gives JSON lines",
    async () => (await import("./audit.js")).auditCommand,
  ),
  revoke: lazy(
    "close an open grant now, as an operator (notifies Slack)",
    async () => (await import("./revoke.js")).revokeCommand,
  ),
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: ajar <command>\n\nCommands:\n${lines.join("\n")}\n\nConfiguration: AJAR_CONFIG (default ./ajar.yaml); secrets and endpoints from the environment (see ajar.example.yaml).`;
}
