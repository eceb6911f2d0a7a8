import { ApiError, boolArg, stringArg } from "../api-error.js";
import type { JsonObject } from "../types.js";
import type { MethodCall, MethodTable } from "./method.js";

/** `users` arrives as "U1,U2" from form callers and sometimes as an array from JSON callers. */
function userList(value: unknown): string[] {
  const raw = Array.isArray(value) ? value.map(String) : typeof value === "string" ? value.split(",") : [];
  return raw.map((u) => u.trim()).filter((u) => u !== "");
}

function open({ args, state, config }: MethodCall): JsonObject {
  const existing = stringArg(args, "channel");
  if (existing !== undefined) return { channel: { id: existing } };
  const users = userList(args.users);
  if (users.length === 0) throw new ApiError("users_list_not_supplied");
  if (users.length > 8) throw new ApiError("too_many_users");
  for (const user of users) if (!state.userExists(user)) throw new ApiError("user_not_found");

  const [only] = users;
  const id = users.length === 1 && only !== undefined ? state.imFor(only) : state.mpimFor([...users, config.botUserId]);
  const alreadyOpen = state.openedIms.has(id);
  state.openedIms.add(id);
  const channel =
    boolArg(args, "return_im") === true && users.length === 1
      ? {
          id,
          created: Math.floor(Date.now() / 1000),
          is_im: true,
          is_org_shared: false,
          user: only,
          is_open: true,
          last_read: "0000000000.000000",
          unread_count: 0,
          unread_count_display: 0,
          priority: 0,
        }
      : { id };
  return alreadyOpen ? { no_op: true, already_open: true, channel } : { channel };
}

export const conversationsMethods: MethodTable = {
  "conversations.open": open,
};
