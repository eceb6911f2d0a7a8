import type { Grant } from "../../domain/grant/grant.js";
import { entraEmailOf } from "../../domain/identity/match-entra-user.js";
import { trustedEmail } from "../../domain/identity/trusted-email.js";
import type { ApprovalRule } from "../../domain/policy/policy.js";
import type { EntraUser } from "../../domain/ports/entra-directory.port.js";
import type { Deps } from "../deps.js";

const LOOKUPS_AT_ONCE = 5;

type ApproverDeps = Pick<Deps, "settings" | "directory" | "entra" | "logger">;

/** The Slack account of an Entra user, only when Slack vouches for the email (the same rule as for requesters). */
async function slackIdOf(deps: ApproverDeps, user: EntraUser): Promise<{ id: string } | { problem: string }> {
  const email = entraEmailOf(user);
  if (!email) return { problem: "their Entra ID account has no email address" };
  const [slackUser, installation] = await Promise.all([
    deps.directory.userByEmail(email),
    deps.directory.installation(),
  ]);
  if (!slackUser) return { problem: `no Slack account in this workspace has the email ${email}` };
  const trusted = trustedEmail(slackUser, installation);
  if (!trusted.ok) return { problem: `their Slack account cannot be used: ${trusted.problem}` };
  return { id: slackUser.id };
}

export interface ManagerLookup {
  slackUserId?: string;
  /** Why there is none, for the requester, naming who can fix it. */
  problem?: string;
}

/** The requester's manager: a config `manager` wins; else the `manager` in Entra ID, found in Slack by email. */
export async function findManager(deps: ApproverDeps, grant: Grant, signal?: AbortSignal): Promise<ManagerLookup> {
  const configured =
    deps.settings.identities.find((i) => i.slackUserId !== undefined && i.slackUserId === grant.requester.slackUserId)
      ?.managerSlackUserId ??
    deps.settings.identities.find((i) => i.objectId === grant.requester.objectId && i.slackUserId === undefined)
      ?.managerSlackUserId;
  if (configured) return { slackUserId: configured };
  if (!deps.entra) return {};
  const manager = await deps.entra.manager(grant.requester.objectId, signal);
  if (!manager) {
    return {
      problem:
        "This VM needs your manager's approval, but Entra ID has no manager for you. Ask your Entra ID administrator to set your manager, or an ajar administrator to add `manager` to your entry under `identities`.",
    };
  }
  const who = `${manager.displayName ?? manager.id} (${entraEmailOf(manager) ?? "no email"})`;
  if (!manager.accountEnabled) {
    return {
      problem: `This VM needs your manager's approval, but your manager in Entra ID, ${who}, has a disabled account. Ask your Entra ID administrator to update your manager, or an ajar administrator to add \`manager\` to your entry under \`identities\`.`,
    };
  }
  const slack = await slackIdOf(deps, manager);
  if ("problem" in slack) {
    return {
      problem: `This VM needs your manager's approval, but your manager in Entra ID, ${who}, has no Slack account ajar can use (${slack.problem}). Ask them to join this Slack workspace with that email, or an ajar administrator to add \`manager\` to your entry under \`identities\`.`,
    };
  }
  return { slackUserId: slack.id };
}

/**
 * Slack ids of the enabled people in each Entra approver group (nested groups included). Someone
 * without a usable Slack account is left out, so a threshold counts only people who can click.
 */
export async function entraGroupMembers(
  deps: ApproverDeps,
  rule: ApprovalRule,
  signal?: AbortSignal,
): Promise<Record<string, string[]>> {
  if (rule.mode !== "approvers" || rule.entraGroups.length === 0) return {};
  if (!deps.entra) throw new Error("approval.entraGroups needs the Microsoft Graph connection (settings.entra)");
  const entra = deps.entra;
  const allowGuests = deps.settings.entra?.allowGuests ?? false;
  const entries = await Promise.all(
    rule.entraGroups.map(async (groupId) => {
      const users = (await entra.usersInGroup(groupId, signal)).filter(
        (u) => u.accountEnabled && (allowGuests || u.userType.toLowerCase() === "member"),
      );
      const ids: string[] = [];
      // A few lookups at a time: users.lookupByEmail is rate-limited per workspace.
      for (let i = 0; i < users.length; i += LOOKUPS_AT_ONCE) {
        const found = await Promise.all(
          users.slice(i, i + LOOKUPS_AT_ONCE).map(async (user) => [user, await slackIdOf(deps, user)] as const),
        );
        for (const [user, slack] of found) {
          if ("id" in slack) ids.push(slack.id);
          else
            deps.logger.info(
              { entraGroup: groupId, entraUser: user.id, problem: slack.problem },
              "an Entra approver has no usable Slack account",
            );
        }
      }
      return [groupId, ids] as const;
    }),
  );
  return Object.fromEntries(entries);
}
