import type { SimEngine } from "../engine/sim-engine.js";
import { ArmHttpError } from "./arm-error.js";

/** ARM wants `Authorization: Bearer <token>`; by default any non-empty token passes. */
export function checkAuthorization(engine: SimEngine, header: string | string[] | undefined): void {
  const challenge = {
    "WWW-Authenticate": `Bearer authorization_uri="https://login.microsoftonline.com/${engine.state.tenantId}", error="invalid_token", error_description="The authentication failed because of missing 'Authorization' header."`,
  };
  const value = Array.isArray(header) ? header[0] : header;
  if (!value)
    throw new ArmHttpError(
      401,
      "AuthenticationFailed",
      "Authentication failed. The 'Authorization' header is missing.",
      { headers: challenge },
    );
  const match = /^Bearer\s+(\S+)$/i.exec(value.trim());
  if (!match)
    throw new ArmHttpError(
      401,
      "AuthenticationFailed",
      "Authentication failed. The 'Authorization' header is provided in an invalid format.",
      { headers: challenge },
    );
  const accepted = engine.settings.acceptedTokens;
  if (accepted && !accepted.includes(match[1] as string)) {
    throw new ArmHttpError(401, "InvalidAuthenticationToken", "The access token is invalid.", { headers: challenge });
  }
}

/** Per-subscription write quota; returns the quota header for successful writes. */
export function throttleWrites(engine: SimEngine, path: string): Record<string, string> {
  const sub = /^\/subscriptions\/([^/]+)/i.exec(path)?.[1];
  if (!sub) return {};
  const verdict = engine.limiter.take(sub.toLowerCase(), engine.now());
  const quota = { "x-ms-ratelimit-remaining-subscription-writes": String(verdict.remaining) };
  if (verdict.allowed) return quota;
  const wait = engine.settings.retryAfterSeconds ?? Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
  throw new ArmHttpError(
    429,
    "SubscriptionRequestsThrottled",
    `Number of 'write' requests for subscription '${sub}' exceeded. Please try again after '${wait}' seconds. Please see https://aka.ms/armthrottling for more information.`,
    { headers: { ...quota, "Retry-After": String(wait) } },
  );
}
