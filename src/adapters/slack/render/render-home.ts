import type { HomeSnapshot } from "../../../app/ports/grant-notifier.port.js";
import { windowOf } from "../../../domain/grant/grant-subject.js";
import type { Grant } from "../../../domain/grant/grant.js";
import { ACTIONS } from "../action-ids.js";
import { HOME } from "../view-ids.js";
import { button, md, plain, type Block } from "./blocks.js";
import {
  connectText,
  durationText,
  escapeText,
  mention,
  portOnVm,
  slackDate,
  STATUS_LABEL,
  timeLeft,
} from "./format.js";
import { reasonBlock } from "./render-grant.js";
import { activeLabel } from "./render-path.js";
import type { HomeView } from "./view-blocks.js";

/** Caps that keep the home under Slack's 100 blocks; the rest is one `/jit list` away. */
export const HOME_MAX_MINE = 20;
export const HOME_MAX_AWAITING = 15;

const header = (text: string): Block => ({ type: "header", text: plain(text) });
const note = (text: string): Block => ({ type: "context", elements: [md(text)] });
const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const what = (g: Grant): string => `${portOnVm(g)} from \`${escapeText(g.source)}\``;

function mineStatus(g: Grant, now: Date): string {
  const label = STATUS_LABEL[g.status];
  switch (g.status) {
    case "active":
      return `${activeLabel(g, label)} until ${slackDate(g.expiresAt)} (${timeLeft(g, now)})`;
    case "pending": {
      const got = g.approval.votes.filter((v) => v.decision === "approve").length;
      return `${label}: ${got} of ${g.approval.required}; the request lapses ${slackDate(g.pendingUntil)}`;
    }
    default:
      return `${label}${windowOf(g) !== undefined ? ` (${durationText(g)})` : ""}`;
  }
}

function mineRow(g: Grant, now: Date): Block {
  const accessory =
    g.status === "active"
      ? button(ACTIONS.revoke, "Revoke", g.id, "danger")
      : g.status === "pending" || g.status === "requested"
        ? button(ACTIONS.cancel, "Cancel", g.id)
        : undefined;
  const connect = connectText(g);
  return {
    type: "section",
    text: md(`\`${g.id}\` ${what(g)}\n${mineStatus(g, now)}${connect ? `\nConnect: ${connect}` : ""}`),
    ...(accessory ? { accessory } : {}),
  };
}

function awaitingRows(g: Grant): Block[] {
  const votes = g.approval.votes.filter((v) => v.decision === "approve").length;
  const text = `${mention(g.requester.slackUserId)} asks for ${what(g)} for ${durationText(g)} (\`${g.id}\`)\n${votes} of ${g.approval.required} approval(s); lapses ${slackDate(g.pendingUntil)}`;
  return [
    { type: "section", text: md(text) },
    ...reasonBlock(g.justification),
    {
      type: "actions",
      block_id: `home-decide:${g.id}`,
      elements: [button(ACTIONS.approve, "Approve", g.id, "primary"), button(ACTIONS.deny, "Deny", g.id, "danger")],
    },
  ];
}

function recentLine(g: Grant): string {
  const when = g.closedAt ?? g.history[g.history.length - 1]?.at;
  return `${STATUS_LABEL[g.status]} \`${g.id}\` ${portOnVm(g)}${when ? `, ${slackDate(when)}` : ""}`;
}

function more(shown: number, total: number): Block[] {
  return total > shown ? [note(`…and ${total - shown} more: \`/jit list\` shows them all.`)] : [];
}

/**
 * A person's App Home: what they hold or wait for, what waits for them, and what just ended. Times
 * are Slack dates (each viewer's own time zone); "left" is as of the snapshot, refreshed whenever the
 * tab is opened or a grant of theirs changes.
 */
export function renderHome(home: HomeSnapshot): HomeView {
  const now = new Date(home.at);
  const blocks: Block[] = [header("Just-in-time access")];
  if (home.notice) blocks.push({ type: "section", text: md(home.notice) });
  blocks.push(
    {
      type: "section",
      text: md(
        "Ask for a management port on a VM: it opens for your address only, after approval where the policy wants one, and closes by itself.",
      ),
      accessory: button(HOME.openRequest, "Request access", "home", "primary"),
    },
    note(`Updated ${slackDate(home.at, "{date_short_pretty} {time}")}`),
    { type: "divider" },
    header("Your access"),
  );
  if (home.mine.length === 0) blocks.push(note("Nothing open or waiting."));
  for (const g of home.mine.slice(0, HOME_MAX_MINE)) blocks.push(mineRow(g, now));
  blocks.push(...more(HOME_MAX_MINE, home.mine.length));

  if (home.awaitingMe.length > 0) {
    blocks.push({ type: "divider" }, header("Waiting for your decision"));
    for (const g of home.awaitingMe.slice(0, HOME_MAX_AWAITING)) blocks.push(...awaitingRows(g));
    blocks.push(...more(HOME_MAX_AWAITING, home.awaitingMe.length));
  }

  if (home.recent.length > 0) {
    blocks.push({ type: "divider" }, header("Recently finished"), {
      type: "section",
      text: md(clip(home.recent.map(recentLine).join("\n"), 3000)),
    });
  }
  return { type: "home", callback_id: HOME.callbackId, blocks };
}
