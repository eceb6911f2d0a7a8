import { isAjarError } from "../../domain/errors.js";
import type { Grant } from "../../domain/grant/grant.js";
import type { IdentityMapping } from "../../domain/policy/policy.js";
import { resolveIdentity, type IdentityDeps } from "./resolve-identity.js";

export type IdentityCheck = { ok: true; identity: IdentityMapping } | { ok: false; reason: string; retryable: boolean };

/**
 * Is the grant's requester still who they were when they asked? Called again when a grant opens and
 * for every extension: someone removed from `identities`, or whose Entra account was disabled,
 * deleted or now maps to another object, gets nothing more. A directory that cannot be asked is a
 * "no" (retryable), never a "yes".
 */
export async function recheckIdentity(
  deps: IdentityDeps,
  grant: Pick<Grant, "requester">,
  signal?: AbortSignal,
): Promise<IdentityCheck> {
  try {
    const identity = await resolveIdentity(deps, grant.requester.slackUserId, signal);
    if (identity.objectId.toLowerCase() !== grant.requester.objectId.toLowerCase()) {
      return {
        ok: false,
        reason: "your Slack account now maps to a different Azure identity than when you asked",
        retryable: false,
      };
    }
    if (identity.source === "entra") {
      // The by-email search may be served from the cache; the object itself must still be an enabled account.
      const account = await deps.entra?.user(identity.objectId, { fresh: true, ...(signal ? { signal } : {}) });
      if (!account) return { ok: false, reason: "your Entra ID account no longer exists", retryable: false };
      if (!account.accountEnabled) return { ok: false, reason: "your Entra ID account is disabled", retryable: false };
    }
    return { ok: true, identity };
  } catch (error) {
    if (isAjarError(error)) return { ok: false, reason: error.userMessage, retryable: error.retryable };
    throw error;
  }
}
