import type { SlackSimulator } from "../../src/simulators/slack/types.js";

/** Words from ARM's concurrency machinery, and stack frames: none of it is for a user's eyes. */
const LEAKS =
  /Conflict|PreconditionFailed|AnotherOperationInProgress|Canceled|RetryableError|\n\s*at \S+ \(|\bat .+\.[cm]?[jt]s:\d+:\d+/;

/**
 * Everything ajar showed users that leaks a conflict or a stack: every Web API call the Slack
 * simulator received (messages, updates, ephemerals, App Home views), every response_url post, and
 * the direct answers to slash commands.
 */
export function leaksShownToUsers(slack: SlackSimulator, commandReplies: string[]): string[] {
  const texts = [
    ...slack.calls.map((c) => `${c.method}: ${JSON.stringify(c.args)}`),
    ...slack.responses.map((r) => `response_url: ${JSON.stringify(r)}`),
    ...commandReplies.map((t) => `command reply: ${t}`),
  ];
  // JSON escapes newlines; look at the text as a user would read it.
  return texts.filter((t) => LEAKS.test(t.replace(/\\n/g, "\n"))).map((t) => t.slice(0, 300));
}
