import { runDemo } from "../../demo/run-demo.js";
import type { CliCommand } from "./command.js";

export const demoCommand: CliCommand = {
  summary: "run the whole flow locally against the built-in Slack and Azure simulators",
  async run(args) {
    const seconds = args[0] ? Number.parseInt(args[0], 10) : undefined;
    await runDemo(seconds && seconds > 0 ? { durationSeconds: seconds } : {});
    return process.exitCode === 1 ? 1 : 0;
  },
};
