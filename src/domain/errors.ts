/**
 * Errors carry a stable code so the edges (Slack, CLI, queue) can decide what to say and whether to
 * retry without parsing messages. `userMessage` is safe to show in Slack: it says what to do.
 */
export type ErrorCode =
  | "INPUT.INVALID"
  | "POLICY.NOT_COVERED"
  | "POLICY.VIOLATION"
  | "IDENTITY.UNMAPPED"
  | "IDENTITY.REFUSED"
  | "IDENTITY.UNAVAILABLE"
  | "RBAC.DENIED"
  | "RBAC.UNDETERMINED"
  | "APPROVAL.NOT_ELIGIBLE"
  | "APPROVAL.ALREADY_VOTED"
  | "GRANT.NOT_FOUND"
  | "GRANT.STALE"
  | "CLOUD.NOT_FOUND"
  | "CLOUD.REJECTED"
  | "CLOUD.TRANSIENT"
  | "CLOUD.STALE"
  | "CONFIG.INVALID";

export class AjarError extends Error {
  readonly code: ErrorCode;
  readonly userMessage: string;
  readonly retryable: boolean;
  /** How long the service asked to be left alone before a retry (Retry-After), when it said. */
  readonly retryAfterMs?: number;

  constructor(
    code: ErrorCode,
    userMessage: string,
    options: { retryable?: boolean; cause?: unknown; retryAfterMs?: number } = {},
  ) {
    super(userMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AjarError";
    this.code = code;
    this.userMessage = userMessage;
    this.retryable = options.retryable ?? false;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

export const isAjarError = (e: unknown): e is AjarError => e instanceof AjarError;

/** The message of anything thrown, for logs and notes (never a stack trace). */
export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
