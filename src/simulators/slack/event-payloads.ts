import { randomHex } from "./ids.js";
import { nowTs, type PayloadContext } from "./payload-context.js";
import type { JsonObject } from "./types.js";

export interface EventInput {
  /** The inner event, e.g. `{ type: "app_home_opened", user, tab: "home" }`; event_ts is filled in. */
  event: JsonObject;
  eventId?: string;
  eventTime?: number;
}

/** The Events API `event_callback` envelope (sent as JSON, not as a form). */
export function eventCallbackPayload(ctx: PayloadContext, input: EventInput): JsonObject {
  const event: JsonObject = { event_ts: nowTs(), ...input.event };
  // app_home_opened carries the IM channel with the user; the simulator knows which one it is.
  if (
    event.type === "app_home_opened" &&
    event.channel === undefined &&
    typeof event.user === "string" &&
    ctx.simulator
  ) {
    event.channel = ctx.simulator.dmChannelFor(event.user);
  }
  return {
    token: ctx.verificationToken,
    team_id: ctx.teamId,
    context_team_id: ctx.teamId,
    context_enterprise_id: null,
    api_app_id: ctx.apiAppId,
    event,
    type: "event_callback",
    event_id: input.eventId ?? `Ev${randomHex(5).toUpperCase()}`,
    event_time: input.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: ctx.teamId, user_id: ctx.botUserId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  };
}

export function urlVerificationPayload(ctx: PayloadContext, challenge: string): JsonObject {
  return { token: ctx.verificationToken, challenge, type: "url_verification" };
}
