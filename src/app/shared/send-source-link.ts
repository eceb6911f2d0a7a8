import { AjarError } from "../../domain/errors.js";
import type { Grant, SourceLink } from "../../domain/grant/grant.js";
import { newSourceLink } from "../../domain/grant/source-link-token.js";
import { record } from "../../domain/grant/transitions.js";
import type { Deps } from "../deps.js";
import { fromMeUnavailable } from "./from-me-unavailable.js";
import { mutateGrant } from "./mutate-grant.js";
import { SOURCE_LINK_TTL_SECONDS } from "./source-link-ttl.js";
import { sourceLinkUrl } from "./source-link-url.js";

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
