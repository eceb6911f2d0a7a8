import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

import type { Grant, SourceLink } from "./grant.js";

const hashToken = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex");

/**
 * Mints a link: 256 random bits, of which only a hash is stored on the grant, so the record (and any
 * export of it) never holds a usable link. Binding it to the grant binds it to that request and to
 * the requester the grant names.
 */
export function newSourceLink(
  purpose: SourceLink["purpose"],
  now: Date,
  ttlSeconds: number,
): { token: string; link: SourceLink } {
  const token = randomBytes(32).toString("base64url");
  return {
    token,
    link: {
      purpose,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000).toISOString(),
    },
  };
}

export type LinkCheck = { ok: true; grant: Grant; link: SourceLink } | { ok: false; problem: string };

/** Is this link usable right now? Every refusal reads the same to a guesser: no oracle for valid ids. */
export function checkSourceLink(grant: Grant | undefined, token: string, now: Date): LinkCheck {
  const link = grant?.sourceLink;
  if (!grant || !link || !sameHash(link.tokenHash, hashToken(token))) {
    return { ok: false, problem: "This link is not valid. Use the newest link ajar sent you in Slack." };
  }
  if (link.usedAt)
    return {
      ok: false,
      problem: "This link was already used; each link works once. Ask again in Slack for a new one.",
    };
  if (Date.parse(link.expiresAt) <= now.getTime())
    return { ok: false, problem: "This link has expired (links last 10 minutes). Ask again in Slack for a new one." };
  if (link.purpose === "request" && grant.status !== "requested")
    return { ok: false, problem: `Request ${grant.id} is ${grant.status}; it no longer needs an address.` };
  if (link.purpose === "move" && grant.status !== "active")
    return { ok: false, problem: `Grant ${grant.id} is ${grant.status}; only an open grant can be moved.` };
  return { ok: true, grant, link };
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}
