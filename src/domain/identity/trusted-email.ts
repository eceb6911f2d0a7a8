import type { ChatInstallation, ChatUser } from "../ports/directory.port.js";

export type TrustedEmail = { ok: true; email: string } | { ok: false; problem: string };

/**
 * An email shown in Slack is only a claim. It identifies a person only when Slack says they
 * confirmed it, they are a full member (guests and people from other organisations can set
 * addresses ajar has no reason to believe), and they belong to the workspace ajar is installed
 * in or to its Enterprise Grid organisation.
 */
export function trustedEmail(user: ChatUser | undefined, installation: ChatInstallation): TrustedEmail {
  if (!user || user.deleted)
    return { ok: false, problem: "Slack does not list this account as an active member of the workspace" };
  if (user.bot) return { ok: false, problem: "bot accounts cannot request or approve access" };
  if (user.stranger)
    return {
      ok: false,
      problem: "the account belongs to another organisation (an external account in a shared channel)",
    };
  if (user.restricted || user.ultraRestricted) return { ok: false, problem: "guest accounts are not mapped by email" };
  if (!sameOrganisation(user, installation))
    return { ok: false, problem: "the account belongs to another workspace than the one ajar is installed in" };
  if (!user.email) return { ok: false, problem: "Slack shows no email address for the account" };
  if (!user.emailConfirmed)
    return { ok: false, problem: "Slack does not report the account's email address as confirmed" };
  return { ok: true, email: user.email.trim().toLowerCase() };
}

function sameOrganisation(user: ChatUser, installation: ChatInstallation): boolean {
  if (installation.enterpriseId !== undefined && user.enterpriseId !== undefined)
    return user.enterpriseId === installation.enterpriseId;
  return user.teamId !== undefined && user.teamId === installation.teamId;
}
