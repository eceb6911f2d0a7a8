import type { App } from "@slack/bolt";

import type { Deps } from "../../../app/deps.js";
import { publishHomes } from "../../../app/shared/publish-homes.js";

/**
 * Opening the Home tab republishes it, so "time left" is fresh whenever someone looks. The event
 * also fires for the Messages tab, which has nothing to refresh.
 */
export function registerAppHome(app: App, deps: Deps): void {
  app.event("app_home_opened", async ({ event }) => {
    if (event.tab !== "home") return;
    await publishHomes(deps, [event.user]);
  });
}
