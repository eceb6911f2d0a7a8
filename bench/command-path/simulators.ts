import { startAzureSimulator } from "../../src/simulators/azure/index.js";
import { startSlackSimulator } from "../../src/simulators/slack/index.js";
import { benchSeed, BOT_TOKEN, users } from "./estate.js";

/**
 * The ARM and Slack simulators, as a process of their own (AZURE_SIM_PORT, SLACK_SIM_PORT) until
 * SIGTERM. The bench runs it at a lower CPU priority: Azure and Slack are somebody else's machines.
 */
const azure = await startAzureSimulator({
  seed: benchSeed(),
  port: Number(process.env.AZURE_SIM_PORT),
  operationDelayMs: 50,
});
const slack = await startSlackSimulator({ botToken: BOT_TOKEN, users, port: Number(process.env.SLACK_SIM_PORT) });
process.once("SIGTERM", () => void Promise.all([azure.close(), slack.close()]).then(() => process.exit(0)));
