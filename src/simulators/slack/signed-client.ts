import { blockActionPayload, type BlockActionInput } from "./block-action-payload.js";
import { commandPayload, type CommandInput } from "./command-payload.js";
import { eventCallbackPayload, urlVerificationPayload, type EventInput } from "./event-payloads.js";
import type { PayloadContext } from "./payload-context.js";
import { signedHeaders, type SendOptions } from "./request-signing.js";
import type { JsonObject, SlackSimulator } from "./types.js";
import {
  blockSuggestionPayload,
  viewSubmissionPayload,
  type BlockSuggestionInput,
  type ViewSubmissionInput,
} from "./view-payloads.js";

export interface SlackClientOptions {
  /** The app's request URL, e.g. http://127.0.0.1:PORT/slack/events */
  endpoint: string;
  signingSecret: string;
  /** Defaults to the simulator's team, else T0SIMTEAM1. */
  teamId?: string;
  teamDomain?: string;
  apiAppId?: string;
  verificationToken?: string;
  /** Mints response_urls and trigger_ids that work, and supplies messages/views for payloads. */
  simulator?: SlackSimulator;
  /** Per-request timeout; Slack itself gives up after 3 s, tests may want longer. */
  timeoutMs?: number;
}

export interface SlackDelivery {
  status: number;
  headers: Record<string, string>;
  /** The raw response body. */
  text: string;
  /** Parsed JSON when the body is JSON, the text when it is not, undefined when empty. */
  body: unknown;
}

export interface SlackClient {
  command(
    input: CommandInput,
    options?: SendOptions,
  ): Promise<SlackDelivery & { responseUrl: string; triggerId: string }>;
  blockAction(
    input: BlockActionInput,
    options?: SendOptions,
  ): Promise<SlackDelivery & { responseUrl: string | undefined; triggerId: string }>;
  viewSubmission(input: ViewSubmissionInput, options?: SendOptions): Promise<SlackDelivery>;
  blockSuggestion(input: BlockSuggestionInput, options?: SendOptions): Promise<SlackDelivery>;
  event(input: EventInput, options?: SendOptions): Promise<SlackDelivery>;
  urlVerification(challenge: string, options?: SendOptions): Promise<SlackDelivery>;
  /** Sends any body, signed; for shapes the helpers above do not cover. */
  sendRaw(rawBody: string, contentType: string, options?: SendOptions): Promise<SlackDelivery>;
}

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

/** Sends requests to an app's endpoint exactly as Slack does: same encodings, same signature headers. */
export function createSlackClient(options: SlackClientOptions): SlackClient {
  const sim = options.simulator;
  const ctx: PayloadContext = {
    teamId: options.teamId ?? sim?.teamId ?? "T0SIMTEAM1",
    teamDomain: options.teamDomain ?? sim?.teamDomain ?? "ajar-sim",
    apiAppId: options.apiAppId ?? sim?.appId ?? "A0SIMAPP01",
    verificationToken: options.verificationToken ?? "sim-verification-token",
    botUserId: sim?.botUserId ?? "U0SIMBOT01",
    simulator: sim,
  };
  const timeoutMs = options.timeoutMs ?? 10_000;

  const sendRaw = async (rawBody: string, contentType: string, send: SendOptions = {}): Promise<SlackDelivery> => {
    const response = await fetch(options.endpoint, {
      method: "POST",
      headers: signedHeaders(options.signingSecret, rawBody, contentType, send),
      body: rawBody,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return { status: response.status, headers: Object.fromEntries(response.headers), text, body: parseBody(text) };
  };
  // Interactions travel as a form with one field, payload=<json>.
  const sendInteraction = (payload: JsonObject, send?: SendOptions) =>
    sendRaw(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM, send);

  return {
    sendRaw,
    command: async (input, send) => {
      const { form, responseUrl, triggerId } = commandPayload(ctx, input);
      return { ...(await sendRaw(form.toString(), FORM, send)), responseUrl, triggerId };
    },
    blockAction: async (input, send) => {
      const { payload, responseUrl, triggerId } = blockActionPayload(ctx, input);
      return { ...(await sendInteraction(payload, send)), responseUrl, triggerId };
    },
    viewSubmission: (input, send) => sendInteraction(viewSubmissionPayload(ctx, input), send),
    blockSuggestion: (input, send) => sendInteraction(blockSuggestionPayload(ctx, input), send),
    event: (input, send) => sendRaw(JSON.stringify(eventCallbackPayload(ctx, input)), JSON_TYPE, send),
    urlVerification: (challenge, send) =>
      sendRaw(JSON.stringify(urlVerificationPayload(ctx, challenge)), JSON_TYPE, send),
  };
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
