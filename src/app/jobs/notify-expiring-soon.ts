import type { Deps } from "../deps.js";
import { loadGrant, rememberMessages } from "../shared/mutate-grant.js";

/** A heads-up shortly before expiry, with the chance to extend. */
export async function notifyExpiringSoon(deps: Deps, grantId: string): Promise<void> {
  const grant = await loadGrant(deps.store, grantId);
  if (grant.status !== "active") return;
  const message = await deps.notifier.tellRequester(grant, "expiring-soon");
  if (message) await rememberMessages(deps.store, grantId, [message]);
}
