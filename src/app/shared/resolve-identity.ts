import { AjarError } from "../../domain/errors.js";
import { matchEntraUser } from "../../domain/identity/match-entra-user.js";
import { trustedEmail } from "../../domain/identity/trusted-email.js";
import type { IdentityMapping } from "../../domain/policy/policy.js";
import type { Deps } from "../deps.js";

export type IdentityDeps = Pick<Deps, "settings" | "directory" | "entra">;

const unmapped = (): AjarError =>
  new AjarError(
    "IDENTITY.UNMAPPED",
    "Your Slack account is not linked to an Azure identity in ajar, so nothing can be opened for you. Ask an ajar administrator to add you under `identities` (your Slack user id or email, and your Entra object id).",
  );

/**
 * Maps a Slack user to their Entra identity. An `identities` entry that pins a Slack user id is
 * matched by that id only. Otherwise the email Slack has for the user is used, and only when Slack
 * vouches for it (confirmed, a full member of this workspace or its Enterprise Grid): first against
 * entries that name an email, then, with `identities.source: entra`, against Entra ID itself.
 */
export async function resolveIdentity(
  deps: IdentityDeps,
  slackUserId: string,
  signal?: AbortSignal,
): Promise<IdentityMapping> {
  const { identities } = deps.settings;
  const pinned = identities.find((i) => i.slackUserId === slackUserId);
  if (pinned) return { ...pinned, source: "config" };

  const byEmailEntries = identities.filter((i) => i.slackUserId === undefined && i.email !== undefined);
  const fromEntra = deps.settings.identitySource === "entra";
  if (byEmailEntries.length === 0 && !fromEntra) throw unmapped();

  const [user, installation] = await Promise.all([deps.directory.user(slackUserId), deps.directory.installation()]);
  if (!user?.email) throw unmapped();
  const trusted = trustedEmail(user, installation);
  if (!trusted.ok) {
    throw new AjarError(
      "IDENTITY.REFUSED",
      `ajar maps people by the email Slack has for them, and cannot use yours: ${trusted.problem}. Ask an ajar administrator to add your Slack user id under \`identities\` if you should have access.`,
    );
  }

  const entry = byEmailEntries.find((i) => i.email!.toLowerCase() === trusted.email);
  if (entry) return { ...entry, slackUserId, source: "config" };
  if (!fromEntra) throw unmapped();
  if (!deps.entra)
    throw new AjarError(
      "IDENTITY.UNAVAILABLE",
      "ajar is set to look people up in Entra ID but has no Microsoft Graph connection. Tell an ajar operator.",
    );

  const candidates = await deps.entra.usersByEmail(trusted.email, signal);
  const found = matchEntraUser(trusted.email, candidates, { allowGuests: deps.settings.entra?.allowGuests ?? false });
  return { slackUserId, email: trusted.email, objectId: found.id, source: "entra" };
}
