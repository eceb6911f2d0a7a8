import { AjarError } from "../../domain/errors.js";
import type { Grant, SourceLink } from "../../domain/grant/grant.js";
import { newSourceLink } from "../../domain/grant/source-link-token.js";
import { record } from "../../domain/grant/transitions.js";
import type { Deps } from "../deps.js";
import { mutateGrant } from "./mutate-grant.js";

/** Long enough to switch to a browser, short enough that a forwarded or leaked link is soon useless. */
export const SOURCE_LINK_TTL_SECONDS = 600;
/** Served by ajar's HTTP listener: `${AJAR_PUBLIC_URL}/ajar/my-ip/<grant-id>/<token>`. */
export const SOURCE_LINK_PATH = "/ajar/my-ip";

/** Why `from me` cannot be offered here, or undefined when it can. */
export function fromMeUnavailable(settings: Deps["settings"]): string | undefined {
  return settings.publicUrl
    ? undefined
    : "`from me` needs ajar's public address (AJAR_PUBLIC_URL), which this installation does not have (for example Socket Mode behind a firewall). Type your address instead: `from 203.0.113.7`.";
}

function sourceLinkUrl(publicUrl: string, grantId: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}${SOURCE_LINK_PATH}/${grantId}/${token}`;
}

/** Stores a fresh link on the grant and DMs it to the requester. */
export async function sendSourceLink(deps: Deps, grant: Grant, purpose: SourceLink["purpose"]): Promise<void> {
  const unavailable = fromMeUnavailable(deps.settings);
  if (unavailable) throw new AjarError("INPUT.INVALID", unavailable);
  const { token, link } = newSourceLink(purpose, deps.clock.now(), SOURCE_LINK_TTL_SECONDS);
  const saved = await mutateGrant(deps.store, grant.id, (g) =>
    record(
      g,
      { type: "source-link-sent", at: deps.clock.now().toISOString(), actor: "ajar", detail: purpose },
      { sourceLink: link },
    ),
  );
  await deps.notifier.sendSourceLink(
    saved?.after ?? grant,
    sourceLinkUrl(deps.settings.publicUrl!, grant.id, token),
    link.expiresAt,
  );
}
