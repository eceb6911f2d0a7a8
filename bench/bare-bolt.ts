import { App, HTTPReceiver, LogLevel } from "@slack/bolt";

/**
 * The yardstick: a Bolt app that acknowledges /jit and does nothing else, on the same Bolt, the
 * same HTTP receiver and the same signing checks as ajar. Run as its own process, listening on PORT.
 */
const receiver = new HTTPReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET ?? "" });
const app = new App({
  token: process.env.SLACK_BOT_TOKEN ?? "",
  receiver,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL ?? "" },
  logLevel: LogLevel.WARN,
});
app.command("/jit", async ({ ack }) => {
  await ack({ response_type: "ephemeral", text: "Request received." });
});
await app.start({ port: Number(process.env.PORT), host: "127.0.0.1" });
process.once("SIGTERM", () => void app.stop().then(() => process.exit(0)));
