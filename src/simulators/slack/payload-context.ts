import { randomHex } from "./ids.js";
import type { ResponseUrlContext, SlackSimulator } from "./types.js";

/** What every payload the signed client builds shares: the workspace, the app, and an optional simulator. */
export interface PayloadContext {
  teamId: string;
  teamDomain: string;
  apiAppId: string;
  /** The legacy verification token Slack still puts in payloads; Bolt ignores it. */
  verificationToken: string;
  botUserId: string;
  simulator?: SlackSimulator;
}

export function userName(ctx: PayloadContext, userId: string, given?: string): string {
  return given ?? ctx.simulator?.user(userId)?.name ?? userId.toLowerCase();
}

/** The user object of interaction payloads (block_actions, view_submission, block_suggestion). */
export function userRef(ctx: PayloadContext, userId: string, given?: string): Record<string, string> {
  const name = userName(ctx, userId, given);
  return { id: userId, username: name, name, team_id: ctx.teamId };
}

export function teamRef(ctx: PayloadContext): Record<string, string> {
  return { id: ctx.teamId, domain: ctx.teamDomain };
}

/** With a simulator the trigger_id works for views.open; without one it only looks right. */
export function mintTriggerId(ctx: PayloadContext, userId: string): string {
  return ctx.simulator?.triggerId(userId) ?? `${Date.now()}.${Math.floor(Math.random() * 1e9)}.${randomHex(16)}`;
}

/** Without a simulator the URL points at Slack and respond() would fail: pass one in for respond() tests. */
export function mintResponseUrl(
  ctx: PayloadContext,
  kind: "commands" | "actions",
  context: ResponseUrlContext,
): string {
  return (
    ctx.simulator?.responseUrl(context) ??
    `https://hooks.slack.com/${kind}/${ctx.teamId}/${Date.now()}/${randomHex(12)}`
  );
}

export function channelName(channelId: string, given?: string): string {
  if (given !== undefined) return given;
  if (channelId.startsWith("D")) return "directmessage";
  if (channelId.startsWith("G")) return "privategroup";
  return "general";
}

/** Slack's action_ts / event_ts look like message timestamps. */
export function nowTs(): string {
  const micros = Date.now() * 1000;
  return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, "0")}`;
}
