import { mintTriggerId, teamRef, userRef, type PayloadContext } from "./payload-context.js";
import type { JsonObject } from "./types.js";
import { viewPayloadObject, type ViewInput } from "./view-payload-object.js";

export interface ViewSubmissionInput {
  userId: string;
  userName?: string;
  view: ViewInput;
  /** Only for modals with response_url_enabled inputs. */
  responseUrls?: { block_id: string; action_id: string; channel_id: string; response_url: string }[];
  triggerId?: string;
}

export function viewSubmissionPayload(ctx: PayloadContext, input: ViewSubmissionInput): JsonObject {
  return {
    type: "view_submission",
    team: teamRef(ctx),
    user: userRef(ctx, input.userId, input.userName),
    api_app_id: ctx.apiAppId,
    token: ctx.verificationToken,
    trigger_id: input.triggerId ?? mintTriggerId(ctx, input.userId),
    view: viewPayloadObject(ctx, input.view),
    response_urls: input.responseUrls ?? [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export interface BlockSuggestionInput {
  userId: string;
  userName?: string;
  actionId: string;
  blockId: string;
  /** What the user has typed so far. */
  value: string;
  /** External selects live in modals (and Home tabs) more often than in messages. */
  view?: ViewInput;
  message?: { ts: string; channel: string };
}

/** Options requests for external_select menus; the app answers with `options` or `option_groups`. */
export function blockSuggestionPayload(ctx: PayloadContext, input: BlockSuggestionInput): JsonObject {
  const payload: JsonObject = {
    type: "block_suggestion",
    user: userRef(ctx, input.userId, input.userName),
    container: {},
    api_app_id: ctx.apiAppId,
    token: ctx.verificationToken,
    action_id: input.actionId,
    block_id: input.blockId,
    value: input.value,
    team: teamRef(ctx),
    enterprise: null,
    is_enterprise_install: false,
  };
  if (input.message !== undefined) {
    payload.container = {
      type: "message",
      message_ts: input.message.ts,
      channel_id: input.message.channel,
      is_ephemeral: false,
    };
    payload.channel = { id: input.message.channel, name: "general" };
  } else {
    const view = viewPayloadObject(ctx, input.view ?? {});
    payload.container = { type: "view", view_id: view.id };
    payload.view = view;
  }
  return payload;
}
