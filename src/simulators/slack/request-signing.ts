import { createHmac } from "node:crypto";

/** Slack's v0 request signature: hex HMAC-SHA256 of "v0:{timestamp}:{raw body}" with the signing secret. */
export function slackSignature(signingSecret: string, timestampSec: number, rawBody: string): string {
  return `v0=${createHmac("sha256", signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest("hex")}`;
}

/** Knobs for negative tests; by default a request is signed exactly as Slack signs it. */
export interface SendOptions {
  /** X-Slack-Request-Timestamp in Unix seconds; default now. Bolt refuses anything older than 5 minutes. */
  timestampSec?: number;
  /** Sign with this secret instead of the client's (a realistic forged request). */
  signingSecret?: string;
  /** Send this literal X-Slack-Signature instead of computing one. */
  signature?: string;
  omitSignature?: boolean;
  omitTimestamp?: boolean;
  /** Slack's redelivery headers for the Events API. */
  retryNum?: number;
  retryReason?: string;
  headers?: Record<string, string>;
}

export function signedHeaders(
  signingSecret: string,
  rawBody: string,
  contentType: string,
  options: SendOptions = {},
): Record<string, string> {
  const timestampSec = options.timestampSec ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    // Bolt compares the content type exactly: a "; charset=..." suffix would make it parse a form as JSON.
    "content-type": contentType,
    "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
  };
  if (options.omitTimestamp !== true) headers["x-slack-request-timestamp"] = String(timestampSec);
  if (options.omitSignature !== true) {
    headers["x-slack-signature"] =
      options.signature ?? slackSignature(options.signingSecret ?? signingSecret, timestampSec, rawBody);
  }
  if (options.retryNum !== undefined) headers["x-slack-retry-num"] = String(options.retryNum);
  if (options.retryReason !== undefined) headers["x-slack-retry-reason"] = options.retryReason;
  return { ...headers, ...options.headers };
}
