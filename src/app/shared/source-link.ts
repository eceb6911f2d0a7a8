import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { AjarError } from "../../domain/errors.js";
import type { Grant, SourceLink } from "../../domain/grant/grant.js";
import { record } from "../../domain/grant/transitions.js";
import type { Deps } from "../deps.js";
import { mutateGrant } from "./mutate-grant.js";

/** Long enough to switch to a browser, short enough that a forwarded or leaked link is soon useless. */
export const SOURCE_LINK_TTL_SECONDS = 600;
/** Served by ajar's HTTP listener: `${AJAR_PUBLIC_URL}/ajar/my-ip/<grant-id>/<token>`. */
export const SOURCE_LINK_PATH = "/ajar/my-ip";

const hashToken = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex");

/** Why `from me` cannot be offered here, or undefined when it can. */
export function fromMeUnavailable(settings: Deps["settings"]): string | undefined {
  return settings.publicUrl
    ? undefined
    : "`from me` needs ajar's public address (AJAR_PUBLIC_URL), which this installation does not have (for example Socket Mode behind a firewall). Type your address instead: `from 203.0.113.7`.";
}

/**
 * Mints a link: 256 random bits, of which only a hash is stored on the grant, so the record (and any
 * export of it) never holds a usable link. Binding it to the grant binds it to that request and to
 * the requester the grant names.
 */
export function newSourceLink(purpose: SourceLink["purpose"], now: Date): { token: string; link: SourceLink } {
  const token = randomBytes(32).toString("base64url");
  return { token, link: { purpose, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + SOURCE_LINK_TTL_SECONDS * 1000).toISOString() } };
}

export function sourceLinkUrl(publicUrl: string, grantId: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}${SOURCE_LINK_PATH}/${grantId}/${token}`;
}

/** Stores a fresh link on the grant and DMs it to the requester. */
export async function sendSourceLink(deps: Deps, grant: Grant, purpose: SourceLink["purpose"]): Promise<void> {
  const unavailable = fromMeUnavailable(deps.settings);
  if (unavailable) throw new AjarError("INPUT.INVALID", unavailable);
  const { token, link } = newSourceLink(purpose, deps.clock.now());
  const saved = await mutateGrant(deps.store, grant.id, (g) =>
    record(g, { type: "source-link-sent", at: deps.clock.now().toISOString(), actor: "ajar", detail: purpose }, { sourceLink: link }),
  );
  await deps.notifier.sendSourceLink(saved?.after ?? grant, sourceLinkUrl(deps.settings.publicUrl!, grant.id, token), link.expiresAt);
}

export type LinkCheck = { ok: true; grant: Grant; link: SourceLink } | { ok: false; problem: string };

/** Is this link usable right now? Every refusal reads the same to a guesser: no oracle for valid ids. */
export function checkSourceLink(grant: Grant | undefined, token: string, now: Date): LinkCheck {
  const link = grant?.sourceLink;
  if (!grant || !link || !sameHash(link.tokenHash, hashToken(token))) {
    return { ok: false, problem: "This link is not valid. Use the newest link ajar sent you in Slack." };
  }
  if (link.usedAt) return { ok: false, problem: "This link was already used; each link works once. Ask again in Slack for a new one." };
  if (Date.parse(link.expiresAt) <= now.getTime()) return { ok: false, problem: "This link has expired (links last 10 minutes). Ask again in Slack for a new one." };
  if (link.purpose === "request" && grant.status !== "requested") return { ok: false, problem: `Request ${grant.id} is ${grant.status}; it no longer needs an address.` };
  if (link.purpose === "move" && grant.status !== "active") return { ok: false, problem: `Grant ${grant.id} is ${grant.status}; only an open grant can be moved.` };
  return { ok: true, grant, link };
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Spends the link and keeps the address, in one compare-and-set: two tabs opening the same link at
 * once record one address, and the other is told the link was used.
 */
export async function redeemSourceLink(deps: Deps, grantId: string, token: string, address: string): Promise<LinkCheck> {
  let outcome = { ok: false, problem: "This link is not valid. Use the newest link ajar sent you in Slack." } as LinkCheck;
  const now = deps.clock.now();
  const saved = await mutateGrant(deps.store, grantId, (g) => {
    outcome = checkSourceLink(g, token, now);
    if (!outcome.ok) return undefined;
    const used = { ...outcome.link, usedAt: now.toISOString() };
    const event = { type: "source-recorded", at: now.toISOString(), actor: g.requester.slackUserId, detail: address };
    return record(g, event, outcome.link.purpose === "request" ? { sourceLink: used, source: address } : { sourceLink: used });
  }).catch((error: unknown) => {
    if (error instanceof AjarError && error.code === "GRANT.NOT_FOUND") return undefined;
    throw error;
  });
  const checked: LinkCheck = outcome;
  if (!saved || !checked.ok) return checked;
  return { ok: true, grant: saved.after, link: checked.link };
}
