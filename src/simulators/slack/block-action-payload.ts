import { findElement } from "./block-lookup.js";
import { messageObject } from "./message-shape.js";
import {
  channelName,
  mintResponseUrl,
  mintTriggerId,
  nowTs,
  teamRef,
  userRef,
  type PayloadContext,
} from "./payload-context.js";
import type { JsonObject } from "./types.js";
import { viewPayloadObject, type ViewInput } from "./view-payload-object.js";

export interface BlockActionInput {
  userId: string;
  userName?: string;
  actionId: string;
  /** Defaults to the value of the element found in the message/view blocks. */
  value?: string;
  /** Defaults to the block that holds the element, as Slack reports it. */
  blockId?: string;
  /** Default "button"; e.g. "static_select" with selectedOption. */
  actionType?: string;
  selectedOption?: { text: string; value: string };
  /** Click on a message: the simulator's copy of it is embedded in the payload when it has one. */
  message?: { ts: string; channel: string };
  ephemeral?: boolean;
  channelName?: string;
  /** Click inside a modal or Home tab. */
  view?: ViewInput;
  state?: { values: JsonObject };
  /** Override the container object entirely. */
  container?: JsonObject;
  responseUrl?: string;
  triggerId?: string;
}

export interface BlockActionPayload {
  payload: JsonObject;
  responseUrl: string | undefined;
  triggerId: string;
}

export function blockActionPayload(ctx: PayloadContext, input: BlockActionInput): BlockActionPayload {
  const sim = ctx.simulator;
  const triggerId = input.triggerId ?? mintTriggerId(ctx, input.userId);
  const payload: JsonObject = {
    type: "block_actions",
    user: userRef(ctx, input.userId, input.userName),
    api_app_id: ctx.apiAppId,
    token: ctx.verificationToken,
    container: input.container ?? {},
    trigger_id: triggerId,
    team: teamRef(ctx),
    enterprise: null,
    is_enterprise_install: false,
  };
  let blocks: readonly unknown[] | undefined;
  let responseUrl: string | undefined;

  if (input.message !== undefined) {
    const { channel, ts } = input.message;
    const ephemeral = input.ephemeral === true;
    const message = ephemeral ? undefined : sim?.message(channel, ts);
    blocks = ephemeral ? sim?.ephemerals.find((m) => m.channel === channel && m.ts === ts)?.blocks : message?.blocks;
    if (input.container === undefined) {
      payload.container = { type: "message", message_ts: ts, channel_id: channel, is_ephemeral: ephemeral };
    }
    payload.channel = { id: channel, name: channelName(channel, input.channelName) };
    // Slack leaves the message out for ephemeral messages: the app never had their content.
    if (!ephemeral) {
      payload.message =
        message !== undefined && sim !== undefined
          ? messageObject(message, sim)
          : { type: "message", ts, text: "", user: ctx.botUserId };
    }
    payload.state = input.state ?? { values: {} };
    responseUrl =
      input.responseUrl ?? mintResponseUrl(ctx, "actions", { channel, userId: input.userId, messageTs: ts, ephemeral });
    payload.response_url = responseUrl;
  } else if (input.view !== undefined) {
    const view = viewPayloadObject(ctx, input.view);
    blocks = view.blocks as unknown[];
    if (input.container === undefined) payload.container = { type: "view", view_id: view.id };
    payload.view = view;
    payload.state = view.state;
  }

  const found = findElement(blocks, input.actionId);
  const action: JsonObject = {
    action_id: input.actionId,
    block_id: input.blockId ?? found?.blockId ?? "sim_block",
    type: input.actionType ?? (typeof found?.element.type === "string" ? found.element.type : "button"),
    action_ts: nowTs(),
  };
  const value = input.value ?? (typeof found?.element.value === "string" ? found.element.value : undefined);
  if (value !== undefined) action.value = value;
  if (found?.element.text !== undefined) action.text = found.element.text;
  if (found?.element.style !== undefined) action.style = found.element.style;
  if (input.selectedOption !== undefined) {
    const { text, value: optionValue } = input.selectedOption;
    action.selected_option = { text: { type: "plain_text", text, emoji: true }, value: optionValue };
  }
  payload.actions = [action];
  return { payload, responseUrl, triggerId };
}
