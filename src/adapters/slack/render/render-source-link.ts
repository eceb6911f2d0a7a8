import { subjectOf } from "../../../domain/grant/grant-subject.js";
import type { Grant } from "../../../domain/grant/grant.js";
import { md, type RenderedMessage } from "./blocks.js";

/**
 * The DM carrying a `from me` link. Slack must not unfurl it (its crawler would spend the link), so
 * the notifier posts with unfurling off; the page also asks for a click before recording anything.
 */
export function renderSourceLink(grant: Grant, url: string, expiresAt: string): RenderedMessage {
  const { portLabel, vmName } = subjectOf(grant);
  const purpose =
    grant.sourceLink?.purpose === "move"
      ? `to move grant \`${grant.id}\` (${portLabel} on ${vmName}) to the address you are on now`
      : `so request \`${grant.id}\` (${portLabel} on ${vmName}) uses the address you are on now`;
  const until = `<!date^${Math.floor(Date.parse(expiresAt) / 1000)}^{time}|${expiresAt}>`;
  const text = `Open this link on the computer you will connect from, ${purpose}: ${url} (works once, until ${expiresAt}).`;
  return {
    text,
    blocks: [
      {
        type: "section",
        text: md(`Open this link *on the computer you will connect from*, ${purpose}:\n<${url}|Use my current IP>`),
      },
      {
        type: "context",
        elements: [
          md(
            `Works once, until ${until}. Only the address your browser connects from is recorded. Do not share this link.`,
          ),
        ],
      },
    ],
  };
}
