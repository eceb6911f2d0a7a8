import { AjarError } from "../errors.js";
import type { EntraUser } from "../ports/entra-directory.port.js";

export interface EntraMatchOptions {
  /** Accept `userType: Guest` accounts (B2B collaborators). Off by default. */
  allowGuests: boolean;
}

/** Does the Entra user carry this address as `mail` or `userPrincipalName` (Graph compares case-insensitively)? */
export function entraUserHasEmail(user: EntraUser, email: string): boolean {
  const wanted = email.toLowerCase();
  return user.mail?.toLowerCase() === wanted || user.userPrincipalName?.toLowerCase() === wanted;
}

/** The email an Entra user is reached by in Slack: `mail`, else the sign-in name. */
export const entraEmailOf = (user: EntraUser): string | undefined =>
  (user.mail ?? user.userPrincipalName)?.toLowerCase();

/**
 * Exactly one enabled member account may own the address. Two accounts with the same address are
 * refused rather than guessed between: picking one could hand someone else's permissions over.
 */
export function matchEntraUser(email: string, candidates: EntraUser[], options: EntraMatchOptions): EntraUser {
  const matches = candidates.filter((u) => entraUserHasEmail(u, email));
  if (matches.length === 0) {
    throw new AjarError(
      "IDENTITY.UNMAPPED",
      `No Entra ID user has the email ${email} (as mail or sign-in name), so ajar cannot tell who you are in Azure. Ask your Entra ID administrator to set it on your account, or an ajar administrator to add you under \`identities\`.`,
    );
  }
  if (matches.length > 1) {
    throw new AjarError(
      "IDENTITY.REFUSED",
      `${matches.length} Entra ID users have the email ${email} (object ids ${matches.map((u) => u.id).join(", ")}), so ajar will not guess which one is you. Ask your Entra ID administrator to make the address unique, or an ajar administrator to pin your account under \`identities\`.`,
    );
  }
  const user = matches[0]!;
  if (!user.accountEnabled) {
    throw new AjarError(
      "IDENTITY.REFUSED",
      `Your Entra ID account (${email}) is disabled, so ajar opens nothing for it. Ask your Entra ID administrator.`,
    );
  }
  if (user.userType.toLowerCase() !== "member" && !options.allowGuests) {
    throw new AjarError(
      "IDENTITY.REFUSED",
      `Your Entra ID account (${email}) is a ${user.userType} account, and this ajar installation maps member accounts only. Ask an ajar administrator.`,
    );
  }
  return user;
}
