import type { Logger } from "../../app/ports/logger.port.js";
import { errorMessage, isAjarError } from "../../domain/errors.js";

/**
 * What a person sees when something goes wrong: our own errors carry a sentence written for them;
 * anything else is logged in full and shown as a short apology, never a stack trace.
 */
export function errorText(error: unknown, logger: Logger, context: object): string {
  if (isAjarError(error)) return error.userMessage;
  logger.error({ ...context, err: errorMessage(error) }, "unexpected error in a Slack handler");
  return "Something went wrong inside ajar and nothing was changed. Try again in a minute; if it keeps happening, tell your ajar administrator.";
}

export const UNAVAILABLE_TEXT = "ajar is briefly unavailable, try again in a minute. Nothing was changed.";

/** While the store is unreachable nothing can be recorded, so nothing is attempted. */
export const unavailableText = (deps: { storeReachable(): boolean }): string | undefined =>
  deps.storeReachable() ? undefined : UNAVAILABLE_TEXT;
