import { ApiError, requireString } from "../api-error.js";
import type { SimConfig } from "../sim-state.js";
import type { JsonObject, SimUser } from "../types.js";
import type { MethodTable } from "./method.js";

/** The user object of users.info / users.lookupByEmail, with the fields apps usually read. */
export function userObject(user: SimUser, config: SimConfig): JsonObject {
  const realName = user.realName ?? user.name;
  const tz = user.tz ?? "UTC";
  const teamId = user.teamId ?? config.teamId;
  const enterpriseId = user.enterpriseId ?? config.enterpriseId;
  return {
    id: user.id,
    team_id: teamId,
    name: user.name,
    deleted: user.deleted ?? false,
    color: "9f69e7",
    real_name: realName,
    tz,
    tz_label: tz === "UTC" ? "Coordinated Universal Time" : tz,
    tz_offset: user.tzOffset ?? 0,
    profile: {
      real_name: realName,
      real_name_normalized: realName,
      display_name: user.name,
      display_name_normalized: user.name,
      team: teamId,
      ...(user.email !== undefined ? { email: user.email } : {}),
      ...(user.isBot === true && user.id === config.botUserId ? { bot_id: config.botId } : {}),
    },
    is_admin: user.isAdmin ?? false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: user.restricted ?? false,
    is_ultra_restricted: user.ultraRestricted ?? false,
    is_bot: user.isBot ?? false,
    is_app_user: false,
    is_email_confirmed: user.email !== undefined && (user.emailConfirmed ?? true),
    ...(user.stranger === true ? { is_stranger: true } : {}),
    ...(enterpriseId !== undefined
      ? {
          enterprise_user: {
            id: user.id,
            enterprise_id: enterpriseId,
            enterprise_name: "Simulated Grid",
            is_admin: false,
            is_owner: false,
            teams: [teamId],
          },
        }
      : {}),
    updated: 1_700_000_000,
  };
}

export const usersMethods: MethodTable = {
  "users.info": ({ args, config }) => {
    const user = config.users.get(requireString(args, "user", "user_not_found"));
    if (user === undefined) throw new ApiError("user_not_found");
    return { user: userObject(user, config) };
  },
  "users.lookupByEmail": ({ args, config }) => {
    const email = requireString(args, "email", "users_not_found").toLowerCase();
    const user = [...config.users.values()].find((u) => u.email?.toLowerCase() === email);
    if (user === undefined) throw new ApiError("users_not_found");
    return { user: userObject(user, config) };
  },
  "usergroups.users.list": ({ args, config }) => {
    const group = config.usergroups.get(requireString(args, "usergroup", "no_such_subteam"));
    if (group === undefined) throw new ApiError("no_such_subteam");
    return { users: [...group.users] };
  },
};
