import { AjarError } from "../domain/errors.js";
import type { IdentityMapping } from "../domain/policy/policy.js";
import type { Directory } from "../domain/ports/directory.port.js";

/** Maps a Slack user to their Entra identity: by Slack id first, else by the email Slack has for them. */
export async function resolveIdentity(
  identities: IdentityMapping[],
  slackUserId: string,
  directory: Directory,
): Promise<IdentityMapping> {
  const direct = identities.find((i) => i.slackUserId === slackUserId);
  if (direct) return direct;
  if (identities.some((i) => i.email)) {
    const email = (await directory.emailOf(slackUserId))?.toLowerCase();
    const byEmail = email ? identities.find((i) => i.email?.toLowerCase() === email) : undefined;
    if (byEmail) return { ...byEmail, slackUserId };
  }
  throw new AjarError(
    "IDENTITY.UNMAPPED",
    "Your Slack account is not linked to an Azure identity in ajar, so nothing can be opened for you. Ask an ajar administrator to add you under `identities` (your Slack user id or email, and your Entra object id).",
  );
}
