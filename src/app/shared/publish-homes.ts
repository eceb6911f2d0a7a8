import { errorMessage } from "../../domain/errors.js";
import type { Deps } from "../deps.js";
import { homeSnapshots } from "../queries/home-snapshots.js";

type HomeDeps = Pick<Deps, "store" | "clock" | "notifier" | "logger">;

/** Changes to a person's grants within this window redraw their Home once. */
const COALESCE_MS = 250;

interface Batch {
  users: Set<string>;
  done: Promise<void>;
}

// Per notifier (one per process): a burst of 200 approvals republishes each Home once, not 200 times,
// and every republish reads the pending list and the person's grants.
const batches = new WeakMap<object, Batch>();

/**
 * Republishes the App Home of each user, e.g. the requester and approvers of a grant that changed.
 * Requests within a short window are merged. A home is a convenience view: failures are logged and
 * never thrown, so they cannot undo or block the change that triggered them. With a `notice` (the
 * answer to a click on the Home itself) it is published at once.
 */
export function publishHomes(deps: HomeDeps, slackUserIds: string[], options: { notice?: string } = {}): Promise<void> {
  const users = slackUserIds.filter((u) => u !== "");
  if (users.length === 0) return Promise.resolve();
  if (options.notice) return publishNow(deps, users, options.notice);
  const open = batches.get(deps.notifier);
  if (open) {
    for (const u of users) open.users.add(u);
    return open.done;
  }
  const batch: Batch = { users: new Set(users), done: Promise.resolve() };
  batch.done = new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      batches.delete(deps.notifier);
      void publishNow(deps, [...batch.users]).then(resolve);
    }, COALESCE_MS);
    timer.unref();
  });
  batches.set(deps.notifier, batch);
  return batch.done;
}

async function publishNow(deps: HomeDeps, slackUserIds: string[], notice?: string): Promise<void> {
  const users = [...new Set(slackUserIds)];
  let snapshots;
  try {
    snapshots = await homeSnapshots(deps, users);
  } catch (error) {
    deps.logger.warn({ users, err: errorMessage(error) }, "could not read grants for the App Home");
    return;
  }
  for (const [userId, snapshot] of snapshots) {
    try {
      await deps.notifier.publishHome(userId, notice ? { ...snapshot, notice } : snapshot);
    } catch (error) {
      deps.logger.warn({ slackUser: userId, err: errorMessage(error) }, "could not publish the App Home");
    }
  }
}
