import { errorMessage, isAjarError } from "../../domain/errors.js";
import type { Deps } from "../deps.js";
import { resolveIdentity } from "../shared/resolve-identity.js";

export type RequestFormDefaults = { kind: "ready"; defaultSource?: string } | { kind: "unmapped"; problem: string };

/**
 * What the form starts with. An unmapped user is told at once instead of after filling it in; when
 * the directory cannot be asked, the form opens without a default (the submission checks again).
 */
export async function requestFormDefaults(
  deps: Pick<Deps, "settings" | "directory" | "entra" | "logger">,
  slackUserId: string,
): Promise<RequestFormDefaults> {
  try {
    const identity = await resolveIdentity(deps, slackUserId);
    return { kind: "ready", ...(identity.defaultSource ? { defaultSource: identity.defaultSource } : {}) };
  } catch (error) {
    if (isAjarError(error) && (error.code === "IDENTITY.UNMAPPED" || error.code === "IDENTITY.REFUSED"))
      return { kind: "unmapped", problem: error.userMessage };
    deps.logger.warn(
      { slackUser: slackUserId, err: errorMessage(error) },
      "could not look up the requester's default source",
    );
    return { kind: "ready" };
  }
}
