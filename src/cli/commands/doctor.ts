import { formatCheck } from "../../ops/doctor/check.js";
import { runDoctor } from "../../ops/doctor/run-doctor.js";
import { cliArgs } from "../cli-args.js";
import type { CliCommand } from "./command.js";

const USAGE = "ajar doctor [--manifest manifest.yml] [--slack-user U…] [--json]";

export const doctorCommand: CliCommand = {
  summary: "check config, Redis, Slack, Azure and Microsoft Graph permissions; exits 1 on any failure",
  async run(args, env) {
    const parsed = cliArgs(
      args,
      { manifest: { type: "string" }, json: { type: "boolean" }, "slack-user": { type: "string" } },
      USAGE,
    );
    if (!parsed) return 2;
    const { manifest, json } = parsed.values;
    const slackUser = parsed.values["slack-user"];
    const results = await runDoctor(env, {
      ...(manifest ? { manifestPath: manifest } : {}),
      ...(slackUser ? { sampleSlackUser: slackUser } : {}),
    });
    for (const r of results) console.log(json ? JSON.stringify(r) : formatCheck(r));
    return results.every((r) => r.ok) ? 0 : 1;
  },
};
