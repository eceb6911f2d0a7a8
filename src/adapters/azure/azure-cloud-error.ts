import { AjarError, type ErrorCode } from "../../domain/errors.js";

/** An AjarError from ARM that keeps what a retry scheduler needs: ARM's code, the status, Retry-After. */
export class AzureCloudError extends AjarError {
  readonly armCode?: string;
  readonly statusCode?: number;

  constructor(
    code: Extract<ErrorCode, `CLOUD.${string}`>,
    userMessage: string,
    options: {
      retryable?: boolean;
      cause?: unknown;
      retryAfterMs?: number;
      armCode?: string;
      statusCode?: number;
    } = {},
  ) {
    super(code, userMessage, {
      retryable: options.retryable ?? false,
      cause: options.cause,
      ...(options.retryAfterMs !== undefined ? { retryAfterMs: options.retryAfterMs } : {}),
    });
    this.name = "AzureCloudError";
    if (options.armCode !== undefined) this.armCode = options.armCode;
    if (options.statusCode !== undefined) this.statusCode = options.statusCode;
  }
}

export const isAzureCloudError = (e: unknown): e is AzureCloudError => e instanceof AzureCloudError;
