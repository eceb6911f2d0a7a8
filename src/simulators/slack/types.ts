/** Public shapes of the fake Slack Web API. Field names follow Slack's wire names where a test compares them. */

export type JsonObject = Record<string, unknown>;

export interface SimUser {
  id: string;
  name: string;
  realName?: string;
  email?: string;
  /** IANA zone, e.g. "Europe/Amsterdam"; defaults to "UTC". */
  tz?: string;
  /** Seconds east of UTC, as Slack reports it; defaults to 0. */
  tzOffset?: number;
  isBot?: boolean;
  isAdmin?: boolean;
  deleted?: boolean;
  /** `is_email_confirmed`; true by default when the user has an email. */
  emailConfirmed?: boolean;
  /** Multi-channel guest (`is_restricted`). */
  restricted?: boolean;
  /** Single-channel guest (`is_ultra_restricted`). */
  ultraRestricted?: boolean;
  /** A person from another organisation seen through a shared channel (`is_stranger`). */
  stranger?: boolean;
  /** `team_id`; the simulated workspace by default. */
  teamId?: string;
  /** Enterprise Grid organisation (`enterprise_user.enterprise_id`); the installation's by default. */
  enterpriseId?: string;
}

export interface SimUsergroup {
  id: string;
  handle: string;
  name?: string;
  users: string[];
}

export type CallEncoding = "json" | "form" | "query";

export interface RecordedCall {
  /** Position in the call log, from 0; handy to tell two similar calls apart. */
  seq: number;
  method: string;
  /** Parameters with Slack's JSON-in-form fields (blocks, view, ...) already decoded; `token` removed. */
  args: JsonObject;
  token: string | undefined;
  encoding: CallEncoding;
  at: Date;
  status: number;
  response: JsonObject;
}

export type MessageVia = "chat.postMessage" | "chat.update" | "chat.delete" | "response_url" | "seed";

export interface MessageRevision {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  deleted: boolean;
  via: MessageVia | "chat.postEphemeral";
  at: Date;
}

export interface SimMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
  metadata?: unknown;
  /** Author: the bot user for app messages, a human for seeded ones. */
  user: string;
  bot_id?: string;
  postedByBot: boolean;
  deleted: boolean;
  /** Every version, oldest first; the first entry is the message as posted. */
  history: MessageRevision[];
}

export interface SimEphemeral {
  channel: string;
  /** The only user who can see it. */
  user: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  thread_ts?: string;
  via: "chat.postEphemeral" | "response_url";
  deleted: boolean;
  history: MessageRevision[];
}

/** What a response_url belongs to, so replace_original / delete_original can find their target. */
export interface ResponseUrlContext {
  channel?: string;
  userId?: string;
  /** ts of the message the interaction came from (for block actions). */
  messageTs?: string;
  /** True when messageTs names an ephemeral message. */
  ephemeral?: boolean;
}

export interface ResponseUrlPost {
  id: string;
  url: string;
  at: Date;
  /** HTTP status the simulator answered with. */
  status: number;
  error?: string;
  body: JsonObject;
  text?: string;
  blocks?: unknown[];
  replace_original: boolean;
  delete_original: boolean;
  response_type: "ephemeral" | "in_channel";
  thread_ts?: string;
}

export type ViewVia = "views.open" | "views.push" | "views.update" | "views.publish";

export interface SimView {
  id: string;
  type: string;
  /** The user who sees it: trigger owner for modals, user_id for home tabs. */
  user_id?: string;
  callback_id: string;
  external_id: string;
  private_metadata: string;
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  blocks: unknown[];
  hash: string;
  root_view_id: string;
  previous_view_id: string | null;
  clear_on_close: boolean;
  notify_on_close: boolean;
  history: { view: JsonObject; via: ViewVia; at: Date }[];
}

export type SlackFault =
  /** Answer `{ ok: false, error }` with HTTP 200, as Slack does for platform errors. */
  | string
  | { error: string; extra?: JsonObject }
  /** HTTP 429 with Retry-After (seconds) and body `{ ok: false, error: "ratelimited" }`. */
  | { status: 429; retryAfter: number }
  /** Any other HTTP status, e.g. 500 or 503; body is `{ ok: false, error }` when error is given. */
  | { status: number; error?: string };

export interface SlackSimulatorOptions {
  botToken: string;
  /** Defaults to 0 (an ephemeral port). The server binds to 127.0.0.1 only. */
  port?: number;
  /** The user directory. When given, unknown user ids are rejected where Slack would reject them. */
  users?: SimUser[];
  usergroups?: SimUsergroup[];
  teamId?: string;
  /** Makes the installation part of an Enterprise Grid organisation (auth.test's `enterprise_id`). */
  enterpriseId?: string;
  teamDomain?: string;
  teamName?: string;
  botUserId?: string;
  botId?: string;
  botName?: string;
  appId?: string;
  /** Reported in the x-oauth-scopes header of every authenticated answer. */
  scopes?: string[];
  /** Slack lets a trigger_id live 3 s; tests with a slow step may widen it. */
  triggerTtlMs?: number;
  /** Slack allows 5 posts to one response_url within 30 minutes. */
  responseUrlMaxUses?: number;
}

export interface SlackSimulator {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  readonly url: string;
  /** What Bolt's clientOptions.slackApiUrl takes: url + "/api/". */
  readonly apiUrl: string;
  readonly botToken: string;
  readonly teamId: string;
  readonly teamDomain: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly botName: string;
  readonly appId: string;

  readonly calls: readonly RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** Resolves with the first recorded call (past or future) that matches; rejects after timeoutMs (default 2000). */
  waitForCall(method: string, predicate?: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;

  readonly messages: readonly SimMessage[];
  message(channel: string, ts: string): SimMessage | undefined;
  readonly ephemerals: readonly SimEphemeral[];
  /** Plants a message written by a person, e.g. to check that chat.update refuses it. */
  seedMessage(message: { channel: string; text: string; user?: string; blocks?: unknown[] }): SimMessage;

  /** Mints a response_url served by the simulator (`/response/<id>`). */
  responseUrl(context?: ResponseUrlContext): string;
  readonly responses: readonly ResponseUrlPost[];
  waitForResponse(predicate?: (post: ResponseUrlPost) => boolean, timeoutMs?: number): Promise<ResponseUrlPost>;

  /** Mints a trigger_id that views.open / views.push accept once, within triggerTtlMs. */
  triggerId(userId?: string): string;
  readonly views: readonly SimView[];
  view(id: string): SimView | undefined;
  homeView(userId: string): SimView | undefined;

  /** The IM channel id the bot and this user share (what conversations.open returns). */
  dmChannelFor(userId: string): string;
  user(id: string): SimUser | undefined;
  addUser(user: SimUser): void;

  /** The next `times` calls to `method` (default 1) fail as described instead of running. */
  failNext(method: string, fault: SlackFault, times?: number): void;
  /** Forgets calls, messages, views, responses, triggers and faults; keeps users, DM ids and the ts clock. */
  reset(): void;
  close(): Promise<void>;
}
