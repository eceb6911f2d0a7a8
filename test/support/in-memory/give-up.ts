import { expect } from "vitest";

import { isAjarError, type ErrorCode } from "../../../src/domain/errors.js";
import type { GrantStatus } from "../../../src/domain/grant/grant.js";
import type { Harness } from "./make-deps.js";

export type Outcome = { ok: true } | { ok: false; error: unknown };

/** Runs a use case and keeps what it threw instead of failing the test. */
export async function attempt(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    await run();
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The use case threw an error its job retries (nothing was decided). */
export function expectRetryable(outcome: Outcome, code: ErrorCode): void {
  const error = outcome.ok ? undefined : outcome.error;
  expect(isAjarError(error) ? { code: error.code, retryable: error.retryable } : error).toEqual({
    code,
    retryable: true,
  });
}

/**
 * The use case reached a final answer: it threw a non-retryable error with `code` and left the grant
 * as it was (`from`), for its job's worker to give up on and report (see the job table).
 */
export function expectGaveUp(
  h: Harness,
  grantId: string,
  outcome: Outcome,
  expected: { code: ErrorCode; from: GrantStatus },
): void {
  const error = outcome.ok ? undefined : outcome.error;
  expect(isAjarError(error) && { code: error.code, retryable: error.retryable }).toEqual({
    code: expected.code,
    retryable: false,
  });
  expect(h.store.current(grantId).status).toBe(expected.from);
}
