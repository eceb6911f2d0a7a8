import type { HttpAnswer } from "./api-dispatch.js";
import { ApiError } from "./api-error.js";
import { checkBlocks, MESSAGE_MAX_BLOCKS } from "./block-limits.js";
import { parseJsonObject } from "./request-body.js";
import type { MessageRef, ResponseUrlState, SimState } from "./sim-state.js";
import type { JsonObject, MessageRevision, ResponseUrlPost } from "./types.js";

/** Slack keeps a response_url usable for 30 minutes. */
const RESPONSE_URL_LIFETIME_MS = 30 * 60 * 1000;

function flag(value: unknown): boolean {
  return value === true || value === "true";
}

/** Apps post JSON; a `payload=` form is accepted too since older clients send that. */
function readBody(raw: string, contentType: string): JsonObject | undefined {
  if (contentType.startsWith("application/x-www-form-urlencoded")) {
    const payload = new URLSearchParams(raw).get("payload");
    return payload === null ? undefined : parseJsonObject(payload);
  }
  return parseJsonObject(raw);
}

/**
 * Handles a POST to a minted response_url and records it. Successful posts also change the
 * workspace: replace_original / delete_original act on the message the URL belongs to, other
 * posts add an ephemeral (default) or in_channel message. A URL without a message of its own (a
 * slash command's) adopts its first such post as "the original", so later posts can replace it.
 */
export function answerResponseUrlPost(state: SimState, id: string, raw: string, contentType: string): HttpAnswer {
  const body = readBody(raw, contentType) ?? {};
  const blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
  const post: ResponseUrlPost = {
    id,
    url: `${state.config.baseUrl}/response/${id}`,
    at: new Date(),
    status: 200,
    body,
    text: typeof body.text === "string" ? body.text : undefined,
    blocks,
    replace_original: flag(body.replace_original),
    delete_original: flag(body.delete_original),
    response_type: body.response_type === "in_channel" ? "in_channel" : "ephemeral",
    thread_ts: typeof body.thread_ts === "string" ? body.thread_ts : undefined,
  };
  const answer = evaluate(state, state.responseUrls.get(id), post, raw);
  post.status = answer.status;
  if (answer.status !== 200) post.error = String(answer.body.error);
  state.responses.push(post);
  return answer;
}

function evaluate(
  state: SimState,
  entry: ResponseUrlState | undefined,
  post: ResponseUrlPost,
  raw: string,
): HttpAnswer {
  const fail = (status: number, error: string): HttpAnswer => ({ status, body: { ok: false, error }, headers: {} });
  if (
    entry === undefined ||
    entry.uses >= state.config.responseUrlMaxUses ||
    Date.now() - entry.mintedAt > RESPONSE_URL_LIFETIME_MS
  ) {
    return fail(404, "expired_url");
  }
  if (raw === "" || Object.keys(post.body).length === 0) return fail(400, "invalid_payload");
  if (!post.delete_original && post.text === undefined && (post.blocks === undefined || post.blocks.length === 0)) {
    return fail(400, "no_text");
  }
  try {
    if (post.body.blocks !== undefined) checkBlocks(post.body.blocks, MESSAGE_MAX_BLOCKS);
  } catch (error) {
    if (error instanceof ApiError) return fail(400, error.error);
    throw error;
  }
  entry.uses += 1;
  applyEffects(state, entry, post);
  return { status: 200, body: { ok: true }, headers: {} };
}

function applyEffects(state: SimState, entry: ResponseUrlState, post: ResponseUrlPost): void {
  const revision: MessageRevision = {
    text: post.text,
    blocks: post.blocks,
    deleted: post.delete_original,
    via: "response_url",
    at: post.at,
  };
  if (post.delete_original || (post.replace_original && entry.target !== undefined)) {
    if (entry.target !== undefined) reviseTarget(state, entry.target, revision);
    return;
  }
  const channel = entry.context.channel;
  if (channel === undefined) return;
  const ts = state.clock.next();
  if (post.response_type === "in_channel") {
    const { config } = state;
    state.messages.push({
      channel,
      ts,
      text: post.text,
      blocks: post.blocks,
      thread_ts: post.thread_ts,
      user: config.botUserId,
      bot_id: config.botId,
      postedByBot: true,
      deleted: false,
      history: [revision],
    });
    entry.target ??= { kind: "message", channel, ts };
  } else {
    state.ephemerals.push({
      channel,
      user: entry.context.userId ?? "",
      ts,
      text: post.text,
      blocks: post.blocks,
      thread_ts: post.thread_ts,
      via: "response_url",
      deleted: false,
      history: [revision],
    });
    entry.target ??= { kind: "ephemeral", channel, ts };
  }
}

function reviseTarget(state: SimState, target: MessageRef, revision: MessageRevision): void {
  const message =
    target.kind === "message"
      ? state.findMessage(target.channel, target.ts)
      : state.findEphemeral(target.channel, target.ts);
  if (message === undefined) return;
  if (revision.deleted) {
    message.deleted = true;
  } else {
    message.text = revision.text;
    message.blocks = revision.blocks;
  }
  message.history.push(revision);
}
