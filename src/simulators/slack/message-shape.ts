import type { SimConfig } from "./sim-state.js";
import type { JsonObject, SimMessage } from "./types.js";

/** The message object Slack returns from chat.* and embeds in block_actions payloads. */
/** Just what a message object needs: a SimConfig or the public SlackSimulator both qualify. */
export type AppIdentity = Pick<SimConfig, "botId" | "appId" | "botName" | "teamId">;

export function messageObject(message: SimMessage, config: AppIdentity): JsonObject {
  const fromBot = message.postedByBot
    ? {
        bot_id: config.botId,
        app_id: config.appId,
        bot_profile: {
          id: config.botId,
          app_id: config.appId,
          name: config.botName,
          deleted: false,
          team_id: config.teamId,
        },
      }
    : {};
  return {
    type: "message",
    user: message.user,
    ts: message.ts,
    text: message.text ?? "",
    team: config.teamId,
    ...fromBot,
    ...(message.blocks !== undefined ? { blocks: message.blocks } : {}),
    ...(message.attachments !== undefined ? { attachments: message.attachments } : {}),
    ...(message.thread_ts !== undefined ? { thread_ts: message.thread_ts } : {}),
    ...(message.metadata !== undefined ? { metadata: message.metadata } : {}),
  };
}
