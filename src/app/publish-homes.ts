import type { Deps } from "./deps.js";
import { homeSnapshots } from "./home-view-data.js";
import { errorMessage } from "../domain/errors.js";


/**
 * Republishes the App Home of each user, e.g. the requester and approvers of a grant that changed.
 * A home is a convenience view: failures are logged and never thrown, so they cannot undo or block
 * the change that triggered them.
 */
export async function publishHomes(deps: Pick<Deps, "store" | "clock" | "notifier" | "logger">, slackUserIds: string[], options: { notice?: string } = {}): Promise<void> {
  const users = [...new Set(slackUserIds.filter((u) => u !== ""))];
  if (users.length === 0) return;
  let snapshots;
  try {
    snapshots = await homeSnapshots(deps, users);
  } catch (error) {
    deps.logger.warn({ users, err: errorMessage(error) }, "could not read grants for the App Home");
    return;
  }
  for (const [userId, snapshot] of snapshots) {
    try {
      await deps.notifier.publishHome(userId, options.notice ? { ...snapshot, notice: options.notice } : snapshot);
    } catch (error) {
      deps.logger.warn({ slackUser: userId, err: errorMessage(error) }, "could not publish the App Home");
    }
  }
}
