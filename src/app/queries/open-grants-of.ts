import { OPEN_STATUSES, type Grant } from "../../domain/grant/grant.js";
import type { Deps } from "../deps.js";

/** A person's grants that are not finished yet, as /jit list and App Home show them. */
export function openGrantsOf(deps: Pick<Deps, "store">, slackUserId: string): Promise<Grant[]> {
  return deps.store.list({ requester: slackUserId, statuses: [...OPEN_STATUSES], limit: 50 });
}
