import { DEMO_USERS } from "../../demo/demo-settings.js";
import { DEMO_BOT_TOKEN, DEMO_GRAPH_TOKEN } from "../../demo/local-stack.js";
import { DEMO_SEED_PATH, loadAzureSeed, startAzureSimulator } from "../../simulators/azure/index.js";
import { startGraphSimulator } from "../../simulators/graph/index.js";
import { startSlackSimulator } from "../../simulators/slack/index.js";
import type { CliCommand } from "./command.js";

/** Runs the simulators on their own, so `ajar all` can be pointed at them by hand. */
export const simulateCommand: CliCommand = {
  summary: "start the ARM, Microsoft Graph and Slack simulators on loopback (seed file as argument) until interrupted",
  async run(args) {
    const seed = await loadAzureSeed(args[0] ?? DEMO_SEED_PATH);
    const azure = await startAzureSimulator({
      seed,
      port: Number(process.env.AZURE_SIM_PORT ?? 0),
      operationDelayMs: 200,
    });
    const slack = await startSlackSimulator({
      botToken: DEMO_BOT_TOKEN,
      users: DEMO_USERS,
      port: Number(process.env.SLACK_SIM_PORT ?? 0),
    });
    const graph = await startGraphSimulator({
      seed,
      token: DEMO_GRAPH_TOKEN,
      port: Number(process.env.GRAPH_SIM_PORT ?? 0),
    });
    console.log(
      `AZURE_ARM_ENDPOINT=${azure.url}\nAZURE_ARM_TOKEN=local\nAZURE_GRAPH_ENDPOINT=${graph.url}\nAZURE_GRAPH_TOKEN=${DEMO_GRAPH_TOKEN}\nSLACK_API_URL=${slack.apiUrl}\nSLACK_BOT_TOKEN=${DEMO_BOT_TOKEN}`,
    );
    await new Promise<void>((resolve) => {
      process.once("SIGINT", () => resolve());
      process.once("SIGTERM", () => resolve());
    });
    await slack.close();
    await graph.close();
    await azure.close();
    return 0;
  },
};
