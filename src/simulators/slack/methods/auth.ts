import type { MethodTable } from "./method.js";

export const authMethods: MethodTable = {
  "auth.test": ({ config }) => ({
    url: `https://${config.teamDomain}.slack.com/`,
    team: config.teamName,
    user: config.botName,
    team_id: config.teamId,
    user_id: config.botUserId,
    bot_id: config.botId,
    app_id: config.appId,
    ...(config.enterpriseId ? { enterprise_id: config.enterpriseId } : {}),
    is_enterprise_install: false,
  }),
};
