import { channelName, mintResponseUrl, mintTriggerId, userName, type PayloadContext } from "./payload-context.js";

export interface CommandInput {
  userId: string;
  userName?: string;
  /** Default C0SIMGENRL ("general"). */
  channelId?: string;
  channelName?: string;
  /** Default "/jit". */
  command?: string;
  text?: string;
  /** Override the minted response_url. */
  responseUrl?: string;
  triggerId?: string;
}

export interface CommandPayload {
  form: URLSearchParams;
  responseUrl: string;
  triggerId: string;
}

/** A slash command is a plain form post (no `payload=` wrapper), fields in Slack's order. */
export function commandPayload(ctx: PayloadContext, input: CommandInput): CommandPayload {
  const channelId = input.channelId ?? "C0SIMGENRL";
  const responseUrl =
    input.responseUrl ?? mintResponseUrl(ctx, "commands", { channel: channelId, userId: input.userId });
  const triggerId = input.triggerId ?? mintTriggerId(ctx, input.userId);
  const form = new URLSearchParams({
    token: ctx.verificationToken,
    team_id: ctx.teamId,
    team_domain: ctx.teamDomain,
    channel_id: channelId,
    channel_name: channelName(channelId, input.channelName),
    user_id: input.userId,
    user_name: userName(ctx, input.userId, input.userName),
    command: input.command ?? "/jit",
    text: input.text ?? "",
    api_app_id: ctx.apiAppId,
    is_enterprise_install: "false",
    response_url: responseUrl,
    trigger_id: triggerId,
  });
  return { form, responseUrl, triggerId };
}
