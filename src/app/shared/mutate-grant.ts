import { AjarError } from "../../domain/errors.js";
import type { Grant, PostedMessage } from "../../domain/grant/grant.js";
import type { GrantStore } from "../ports/grant-store.port.js";

/**
 * Read-modify-write with compare-and-set. `change` sees the freshest copy each round and may return
 * undefined to leave the grant alone; errors it throws (a stale click, say) pass straight through.
 */
export async function mutateGrant(
  store: GrantStore,
  id: string,
  change: (grant: Grant) => Grant | undefined,
): Promise<{ before: Grant; after: Grant } | undefined> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const before = await store.get(id);
    if (!before) throw new AjarError("GRANT.NOT_FOUND", `There is no request ${id}. Check the id with /jit list.`);
    const after = change(before);
    if (!after) return undefined;
    if (await store.replace(after, before.version)) return { before, after };
  }
  throw new AjarError("CLOUD.TRANSIENT", `Request ${id} is changing too often; please retry.`, { retryable: true });
}

/**
 * How many messages a grant remembers. Every change redraws each of them (a Slack call apiece), and
 * reminders and extensions would otherwise add to them for as long as the grant lives.
 */
export const MESSAGE_LIMIT = 16;

/**
 * The messages to keep once there are too many: the newest, approvers' cards before notices, as a
 * stale approval button misleads more than a stale notice (a click on either is checked anyway).
 */
export function keepMessages(messages: PostedMessage[], limit = MESSAGE_LIMIT): PostedMessage[] {
  let excess = messages.length - limit;
  if (excess <= 0) return messages;
  const dropped = new Set<PostedMessage>();
  for (const purpose of ["requester", "notice", "approval"] as const)
    for (const m of messages) {
      if (excess === 0) break;
      if (m.purpose !== purpose) continue;
      dropped.add(m);
      excess--;
    }
  return messages.filter((m) => !dropped.has(m));
}

/** Keeps what was posted about a grant on the grant (the newest MESSAGE_LIMIT), so later changes can redraw those messages. */
export async function rememberMessages(
  store: GrantStore,
  id: string,
  posted: PostedMessage[],
): Promise<Grant | undefined> {
  if (posted.length === 0) return store.get(id);
  const saved = await mutateGrant(store, id, (g) => ({
    ...g,
    version: g.version + 1,
    messages: keepMessages([...g.messages, ...posted]),
  }));
  return saved?.after;
}

export async function loadGrant(store: GrantStore, id: string): Promise<Grant> {
  const grant = await store.get(id);
  if (!grant) throw new AjarError("GRANT.NOT_FOUND", `There is no request ${id}. Check the id with /jit list.`);
  return grant;
}
