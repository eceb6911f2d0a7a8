import { connectHint } from "../../../domain/firewall/connect-hint.js";
import { subjectOf, windowOf } from "../../../domain/grant/grant-subject.js";
import type { Grant } from "../../../domain/grant/grant.js";
import { formatDuration } from "../../../domain/time/format-duration.js";

/** Slack renders this in each viewer's own timezone; the fallback is UTC for clients that cannot. */
export function slackDate(iso: string | undefined, style = "{date_short_pretty} {time}"): string {
  if (!iso) return "–";
  const seconds = Math.floor(Date.parse(iso) / 1000);
  const fallback = new Date(seconds * 1000).toUTCString();
  return `<!date^${seconds}^${style}|${fallback}>`;
}

/** Slack users become mentions; other actors (`ajar`, `cli:alice`) are shown as plain text. */
export const mention = (userId: string): string =>
  /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : `\`${escapeText(userId)}\``;

/** User text goes into mrkdwn; neutralise what Slack would turn into mentions or links. */
export function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Longest justification a card shows; the full text stays in the grant record and the audit log. */
const REASON_DISPLAY_MAX = 300;

/**
 * A requester's free text as one plain line: every run of whitespace, line or paragraph separator and
 * control or format character (bidi overrides, zero-width joiners) becomes one space, then the text
 * is clipped. Shown in a plain_text object, it cannot draw bold labels, quotes, links or mentions,
 * so a reason cannot pose as another field of the approval card.
 */
export function oneLine(text: string, max = REASON_DISPLAY_MAX): string {
  const flat = text.replace(/[\s\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu, " ").trim();
  const chars = [...flat];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : flat;
}

/** `ssh (22/Tcp)`; until authorization the policy has not said which protocol, so the port stands alone. */
export function portText(grant: Grant): string {
  const { port, portLabel } = subjectOf(grant);
  const number = grant.target ? `${port}/${grant.target.protocol}` : String(port);
  return portLabel && portLabel !== String(port) ? `${portLabel} (${number})` : number;
}

/** `ssh (22/Tcp) on \`vm-1\``, the way notices and lists name what a grant opens. */
export const portOnVm = (grant: Grant): string => `${portText(grant)} on \`${escapeText(subjectOf(grant).vmName)}\``;

/** The window granted or asked for; a request that left it out gets the policy's default once authorized. */
export function durationText(grant: Grant): string {
  const window = windowOf(grant);
  return window === undefined ? "policy default" : formatDuration(window);
}

export function timeLeft(grant: Grant, now: Date): string {
  if (!grant.expiresAt) return durationText(grant);
  const left = Math.max(0, Math.round((Date.parse(grant.expiresAt) - now.getTime()) / 1000));
  return `${formatDuration(left)} left`;
}

export const STATUS_LABEL: Record<Grant["status"], string> = {
  requested: ":hourglass_flowing_sand: Checking permissions",
  pending: ":hourglass: Waiting for approval",
  approved: ":white_check_mark: Approved, opening",
  active: ":unlock: Open",
  closed: ":lock: Closed",
  denied: ":no_entry: Denied",
  rejected: ":no_entry_sign: Refused",
  expired: ":zzz: Expired without a decision",
  cancelled: ":wastebasket: Cancelled",
  failed: ":warning: Failed",
};

/** For a grant reached through an Azure Firewall: what to type, once its DNAT port is known. */
export function connectText(grant: Grant): string | undefined {
  const fw = grant.firewall;
  if (!fw || fw.port === undefined || (grant.status !== "active" && grant.status !== "approved")) return undefined;
  const { port, portLabel } = subjectOf(grant);
  return `\`${escapeText(connectHint(portLabel || String(port), fw.publicIp, fw.port))}\``;
}
