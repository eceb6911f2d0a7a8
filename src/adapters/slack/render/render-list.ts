import type { GrantOverview } from "../../../app/queries/list-grants.js";
import type { Grant } from "../../../domain/grant/grant.js";
import { ACTIONS } from "../action-ids.js";
import { button, md, type Block, type RenderedMessage } from "./blocks.js";
import { escapeText, mention, portOnVm, STATUS_LABEL, timeLeft } from "./format.js";
import { activeLabel } from "./render-path.js";

function row(grant: Grant, now: Date, forApprover: boolean): Block {
  const what = `\`${grant.id}\` ${portOnVm(grant)} from \`${escapeText(grant.source)}\``;
  const status =
    grant.status === "active"
      ? `${activeLabel(grant, STATUS_LABEL.active)} (${timeLeft(grant, now)})`
      : STATUS_LABEL[grant.status];
  const text = forApprover ? `${mention(grant.requester.slackUserId)} asks for ${what}` : `${what}\n${status}`;
  const accessory = forApprover
    ? button(ACTIONS.approve, "Approve", grant.id, "primary")
    : grant.status === "active"
      ? button(ACTIONS.revoke, "Revoke", grant.id, "danger")
      : grant.status === "pending" || grant.status === "requested"
        ? button(ACTIONS.cancel, "Cancel", grant.id)
        : undefined;
  return { type: "section", text: md(text), ...(accessory ? { accessory } : {}) };
}

export function renderList(overview: GrantOverview, now: Date): RenderedMessage {
  const blocks: Block[] = [{ type: "header", text: { type: "plain_text", text: "Your access" } }];
  if (overview.mine.length === 0) blocks.push({ type: "context", elements: [md("No pending or active grants.")] });
  for (const g of overview.mine) blocks.push(row(g, now, false));
  if (overview.awaitingMe.length > 0) {
    blocks.push(
      { type: "divider" },
      { type: "header", text: { type: "plain_text", text: "Waiting for your decision" } },
    );
    for (const g of overview.awaitingMe) blocks.push(row(g, now, true));
  }
  const text = `${overview.mine.length} grant(s) of yours, ${overview.awaitingMe.length} request(s) waiting for you`;
  return { text, blocks };
}
