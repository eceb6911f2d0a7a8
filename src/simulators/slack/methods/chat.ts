import { ApiError, requireString, stringArg } from "../api-error.js";
import { checkBlocks, MESSAGE_MAX_BLOCKS } from "../block-limits.js";
import { messageObject } from "../message-shape.js";
import type { SimState } from "../sim-state.js";
import type { JsonObject, SimMessage } from "../types.js";
import type { MethodCall, MethodTable } from "./method.js";

const MAX_TEXT = 40_000;
const USER_ID = /^[UW][A-Z0-9]+$/;

interface Content {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
}

/** Slack wants at least one of text, blocks, attachments; anything given must be well-formed. */
function readContent(args: JsonObject): Content {
  const text = stringArg(args, "text");
  const blocks = args.blocks === undefined ? undefined : checkBlocks(args.blocks, MESSAGE_MAX_BLOCKS);
  const attachments = Array.isArray(args.attachments) ? args.attachments : undefined;
  if (text === undefined && (blocks === undefined || blocks.length === 0) && attachments === undefined) {
    throw new ApiError("no_text");
  }
  if (text !== undefined && text.length > MAX_TEXT) throw new ApiError("msg_too_long");
  return { text, blocks, attachments };
}

/** Posting to a user id delivers to the app's IM with that user, as Slack does. */
function deliveryChannel(state: SimState, channel: string): string {
  if (USER_ID.test(channel)) {
    if (!state.userExists(channel)) throw new ApiError("channel_not_found");
    return state.imFor(channel);
  }
  return channel;
}

function ownMessage(state: SimState, args: JsonObject, refusal: string): SimMessage {
  const channel = requireString(args, "channel", "channel_not_found");
  // Unlike chat.postMessage, edits need the IM's channel id (the `channel` postMessage returned), not a user id.
  if (USER_ID.test(channel)) throw new ApiError("channel_not_found");
  const ts = requireString(args, "ts", "message_not_found");
  const message = state.findMessage(channel, ts);
  if (message === undefined || message.deleted) throw new ApiError("message_not_found");
  if (!message.postedByBot) throw new ApiError(refusal);
  return message;
}

function postMessage({ args, state, config }: MethodCall): JsonObject {
  const channel = deliveryChannel(state, requireString(args, "channel", "channel_not_found"));
  const content = readContent(args);
  const ts = state.clock.next();
  const message: SimMessage = {
    channel,
    ts,
    ...content,
    thread_ts: stringArg(args, "thread_ts"),
    metadata: args.metadata,
    user: config.botUserId,
    bot_id: config.botId,
    postedByBot: true,
    deleted: false,
    history: [{ ...content, deleted: false, via: "chat.postMessage", at: new Date() }],
  };
  state.messages.push(message);
  return { channel, ts, message: messageObject(message, config) };
}

function postEphemeral({ args, state }: MethodCall): JsonObject {
  const user = requireString(args, "user", "user_not_found");
  if (!state.userExists(user)) throw new ApiError("user_not_found");
  const channel = deliveryChannel(state, requireString(args, "channel", "channel_not_found"));
  const { text, blocks } = readContent(args);
  const ts = state.clock.next();
  state.ephemerals.push({
    channel,
    user,
    ts,
    text,
    blocks,
    thread_ts: stringArg(args, "thread_ts"),
    via: "chat.postEphemeral",
    deleted: false,
    history: [{ text, blocks, deleted: false, via: "chat.postEphemeral", at: new Date() }],
  });
  return { message_ts: ts };
}

function update({ args, state, config }: MethodCall): JsonObject {
  const message = ownMessage(state, args, "cant_update_message");
  const content = readContent(args);
  // Omitted fields keep their value; `blocks: []` clears the blocks.
  if (content.text !== undefined) message.text = content.text;
  if (content.blocks !== undefined) message.blocks = content.blocks.length === 0 ? undefined : content.blocks;
  if (content.attachments !== undefined) message.attachments = content.attachments;
  message.history.push({ ...content, deleted: false, via: "chat.update", at: new Date() });
  return {
    channel: message.channel,
    ts: message.ts,
    text: message.text ?? "",
    message: messageObject(message, config),
  };
}

function remove({ args, state }: MethodCall): JsonObject {
  const message = ownMessage(state, args, "cant_delete_message");
  message.deleted = true;
  message.history.push({ deleted: true, via: "chat.delete", at: new Date() });
  return { channel: message.channel, ts: message.ts };
}

function getPermalink({ args, state, config }: MethodCall): JsonObject {
  const channel = requireString(args, "channel", "channel_not_found");
  const ts = requireString(args, "message_ts", "message_not_found");
  if (state.findMessage(channel, ts) === undefined) throw new ApiError("message_not_found");
  return { channel, permalink: `https://${config.teamDomain}.slack.com/archives/${channel}/p${ts.replace(".", "")}` };
}

export const chatMethods: MethodTable = {
  "chat.postMessage": postMessage,
  "chat.postEphemeral": postEphemeral,
  "chat.update": update,
  "chat.delete": remove,
  "chat.getPermalink": getPermalink,
};
