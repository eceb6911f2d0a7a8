import { authMethods } from "./auth.js";
import { chatMethods } from "./chat.js";
import { conversationsMethods } from "./conversations.js";
import type { MethodTable } from "./method.js";
import { usersMethods } from "./users.js";
import { viewsMethods } from "./views.js";

/** Every Web API method the simulator answers; anything else gets unknown_method. */
export const methodTable: MethodTable = {
  ...authMethods,
  ...chatMethods,
  ...conversationsMethods,
  ...usersMethods,
  ...viewsMethods,
};
