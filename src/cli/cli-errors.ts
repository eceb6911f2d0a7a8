import { isAjarError } from "../domain/errors.js";

/**
 * Errors ajar explains itself (AjarError: a bad endpoint, an unknown grant, a stale revoke) end the
 * command with their message and exit 1; anything else is a bug and keeps its stack.
 */
export async function explainErrors(work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (!isAjarError(error)) throw error;
    console.error(error.userMessage);
    return 1;
  }
}
