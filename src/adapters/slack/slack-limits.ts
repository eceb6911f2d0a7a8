/**
 * What Slack allows and expects, in one place: the caps on a select, the 3 seconds Slack waits for an
 * acknowledgement, and how the Web API clients retry.
 */

/** A select (static or external) shows at most 100 options. */
export const SELECT_MAX_OPTIONS = 100;
/** An option's value is at most 150 characters. */
export const OPTION_VALUE_MAX_LENGTH = 150;

/** Slack gives up on any acknowledgement after 3 s; the HTTP receiver answers just after that. */
export const ACK_DEADLINE_MS = 3001;
/** A slash command answers in place within this, or says it is working and answers later. */
export const COMMAND_ACK_BUDGET_MS = 2000;
/** Options and submission answers: the lookups behind them stop here, leaving room for the reply. */
export const LOOKUP_BUDGET_MS = 2500;

/** The Web API client ajar posts and reads with (notices, directory lookups), outside any 3-second window. */
export const WEB_API_RETRY = { retries: 3, factor: 2, minTimeout: 200, maxTimeout: 2000 };
/** Bolt's own client answers inside the 3-second window (views.open), so it retries less. */
export const LISTENER_CLIENT_RETRY = { retries: 2 };
