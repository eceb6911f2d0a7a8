import type { GrantNotice } from "../../../app/ports/grant-notifier.port.js";
import { subjectOf } from "../../../domain/grant/grant-subject.js";
import type { Grant, PostedMessage } from "../../../domain/grant/grant.js";
import { formatDuration } from "../../../domain/time/format-duration.js";
import { ACTIONS } from "../action-ids.js";
import { button, md, type Block, type RenderedMessage } from "./blocks.js";
import {
  connectText,
  durationText,
  escapeText,
  mention,
  oneLine,
  portOnVm,
  portText,
  slackDate,
  STATUS_LABEL,
} from "./format.js";
import { activeLabel, blockedText, pathBlockedNotice } from "./render-path.js";

/** The requester's reason in plain text on its own line: never part of the mrkdwn that carries the fields. */
export function reasonBlock(justification: string | undefined): Block[] {
  const text = justification === undefined ? "" : oneLine(justification);
  return text === ""
    ? []
    : [{ type: "context", elements: [{ type: "plain_text", text: `Reason: ${text}`, emoji: false }] }];
}

function detailFields(grant: Grant): Block {
  const fields = [
    md(`*Who*\n${mention(grant.requester.slackUserId)}`),
    md(
      `*VM${grant.bundle && grant.bundle.leaderId === grant.id ? `s (${grant.bundle.vmNames.length}, one grant each)` : ""}*\n${grant.bundle && grant.bundle.leaderId === grant.id ? grant.bundle.vmNames.map((n) => `\`${escapeText(n)}\``).join(", ") : `\`${escapeText(subjectOf(grant).vmName)}\``}${grant.target ? ` (${escapeText(grant.target.resourceGroup)})` : ""}`,
    ),
    md(`*Port*\n${portText(grant)}`),
    md(`*From*\n${grant.source ? `\`${escapeText(grant.source)}\`` : "_waiting for the requester's address link_"}`),
    md(
      `*Duration*\n${durationText(grant)}${grant.startAt && !grant.openedAt ? `, from ${slackDate(grant.startAt)}` : ""}`,
    ),
    md(
      `*Azure RBAC*\n${grant.rbac ? (grant.rbac.allowed ? ":white_check_mark: " : ":x: ") + escapeText(grant.rbac.summary) : "not checked yet"}`,
    ),
  ];
  const connect = connectText(grant);
  if (connect) fields.push(md(`*Connect through the firewall*\n${connect}`));
  return { type: "section", text: md(`*Request \`${grant.id}\`*`), fields };
}

function statusLine(grant: Grant): string {
  const label = STATUS_LABEL[grant.status];
  const approvers = grant.approval.votes.filter((v) => v.decision === "approve").map((v) => mention(v.slackUserId));
  switch (grant.status) {
    case "pending": {
      const got = approvers.length;
      return `${label}: ${got} of ${grant.approval.required} approval(s)${got ? ` (${approvers.join(", ")})` : ""}; expires ${slackDate(grant.pendingUntil)}`;
    }
    case "approved": {
      const by = approvers.length ? ` by ${approvers.join(", ")}` : " (no approval needed)";
      return grant.startAt ? `:calendar: Approved${by}; opens ${slackDate(grant.startAt)}` : `${label}${by}`;
    }
    case "active": {
      const base = `${activeLabel(grant, label)} until ${slackDate(grant.expiresAt)}${approvers.length ? `, approved by ${approvers.join(", ")}` : ""}`;
      const ext = grant.pendingExtension;
      if (!ext) return base;
      const got = ext.votes.filter((v) => v.decision === "approve").length;
      return `${base}\n:hourglass: Extension by ${formatDuration(ext.durationSeconds)} requested: ${got} of ${grant.approval.required} approval(s)`;
    }
    case "closed":
      return grant.closeReason === "revoked"
        ? `${label}: revoked by ${mention(lastActor(grant))} ${slackDate(grant.closedAt)}`
        : `${label}: expired ${slackDate(grant.closedAt)}`;
    case "denied": {
      const vote = grant.approval.votes.find((v) => v.decision === "deny");
      return `${label} by ${vote ? mention(vote.slackUserId) : "an approver"}${vote?.reason ? `: ${escapeText(oneLine(vote.reason))}` : ""}`;
    }
    case "rejected":
    case "failed":
      return `${label}: ${escapeText(grant.failure ?? "no reason recorded")}`;
    default:
      return label;
  }
}

const lastActor = (grant: Grant): string => grant.history[grant.history.length - 1]?.actor ?? "ajar";

/** The one card every message about a grant shows; only buttons that still make sense are drawn. */
export function renderGrantCard(grant: Grant, purpose: PostedMessage["purpose"]): RenderedMessage {
  const status = statusLine(grant);
  const blocks: Block[] = [
    detailFields(grant),
    ...reasonBlock(grant.justification),
    { type: "context", elements: [md(status)] },
  ];
  const decidable = grant.status === "pending" || (grant.status === "active" && grant.pendingExtension !== undefined);
  if (decidable && purpose === "approval") {
    blocks.push({
      type: "actions",
      block_id: `decide:${grant.id}`,
      elements: [
        button(ACTIONS.approve, "Approve", grant.id, "primary"),
        button(ACTIONS.deny, "Deny", grant.id, "danger"),
      ],
    });
  }
  if ((grant.status === "pending" || (grant.status === "approved" && grant.startAt)) && purpose === "requester") {
    blocks.push({
      type: "actions",
      block_id: `cancel:${grant.id}`,
      elements: [button(ACTIONS.cancel, "Cancel request", grant.id)],
    });
  }
  if (grant.status === "active") {
    const elements = [button(ACTIONS.revoke, "Revoke now", grant.id, "danger")];
    if (purpose === "requester") elements.unshift(button(ACTIONS.extend, "Extend", grant.id));
    blocks.push({ type: "actions", block_id: `active:${grant.id}`, elements });
  }
  const text = `${grant.id}: ${subjectOf(grant).vmName} ${portText(grant)} for ${grant.requester.slackUserId}: ${status.replace(/<!date\^\d+\^[^|]*\|([^>]*)>/g, "$1")}`;
  return { text, blocks };
}

const NOTICE_TEXT: Record<GrantNotice, (g: Grant) => string> = {
  received: (g) => `Request \`${g.id}\` received: checking policy and your Azure permissions.`,
  pending: (g) => `Request \`${g.id}\` is waiting for approval (${g.approval.required} needed).`,
  rejected: (g) => `Request \`${g.id}\` was refused: ${escapeText(g.failure ?? "")}`,
  approved: (g) =>
    `Request \`${g.id}\` was approved; ${g.startAt ? `${portOnVm(g)} opens ${slackDate(g.startAt)}` : `opening ${portOnVm(g)}`}.`,
  denied: (g) => `Request \`${g.id}\` was denied.`,
  opened: (g) =>
    `${portOnVm(g)} is ${blockedText(g) ?? "open"} for \`${escapeText(g.source)}\` until ${slackDate(g.expiresAt)}.${connectText(g) ? ` Connect through the firewall: ${connectText(g)}` : ""}`,
  closed: (g) =>
    g.closeReason === "revoked"
      ? `${portOnVm(g)} was closed ${slackDate(g.closedAt)}: revoked by ${mention(lastActor(g))}.`
      : `${portOnVm(g)} closed at ${slackDate(g.closedAt)}: the grant expired.`,
  failed: (g) => `Request \`${g.id}\` could not be opened: ${escapeText(g.failure ?? "")}`,
  expired: (g) =>
    g.failure
      ? `Request \`${g.id}\` expired: ${escapeText(g.failure)}.`
      : `Request \`${g.id}\` expired: nobody decided before ${slackDate(g.pendingUntil)}.`,
  cancelled: (g) => `Request \`${g.id}\` was cancelled.`,
  "expiring-soon": (g) => `${portOnVm(g)} closes ${slackDate(g.expiresAt, "{time}")}. Extend it if you need more time.`,
  extended: (g) => `${portOnVm(g)} now stays open until ${slackDate(g.expiresAt)}.`,
  "extension-requested": (g) =>
    `Your extension of \`${g.id}\` by ${formatDuration(g.pendingExtension?.durationSeconds ?? 0)} is waiting for approval.`,
  "path-blocked": pathBlockedNotice,
  // Built by the use case from VM names and dates, already escaped.
  "bundle-summary": (g) => g.bundle?.summary ?? `Request \`${g.id}\` changed.`,
  "extension-denied": (g) => `The extension of \`${g.id}\` was denied; it still closes at ${slackDate(g.expiresAt)}.`,
};

const plainDates = (text: string): string => text.replace(/<!date\^\d+\^[^|]*\|([^>]*)>/g, "$1");

/**
 * A message about a grant: the sentence it was posted with (what happened then), above the grant's
 * live card (how things stand now). Refreshing keeps the sentence and redraws the card, so history
 * reads right and no stale button survives.
 */
export function renderWithHeadline(
  grant: Grant,
  purpose: PostedMessage["purpose"],
  headline: string,
  fallback = plainDates(headline),
): RenderedMessage {
  const card = renderGrantCard(grant, purpose);
  return { text: fallback, blocks: [{ type: "section", text: md(headline) }, ...card.blocks] };
}

export function noticeHeadline(grant: Grant, notice: GrantNotice, audience: "requester" | "channel"): string {
  return audience === "channel"
    ? `${mention(grant.requester.slackUserId)}: ${NOTICE_TEXT[notice](grant)}`
    : NOTICE_TEXT[notice](grant);
}

export function reminderHeadline(grant: Grant): string {
  return `:bell: Reminder: ${mention(grant.requester.slackUserId)} is still waiting for your decision on \`${grant.id}\`.`;
}

/** A notice: one sentence about what just happened, with the grant's card underneath. */
export function renderNotice(grant: Grant, notice: GrantNotice, audience: "requester" | "channel"): RenderedMessage {
  return renderWithHeadline(
    grant,
    audience === "requester" ? "requester" : "notice",
    noticeHeadline(grant, notice, audience),
  );
}

export function renderReminder(grant: Grant): RenderedMessage {
  return renderWithHeadline(
    grant,
    "approval",
    reminderHeadline(grant),
    `Reminder: ${grant.id} is waiting for your decision`,
  );
}
