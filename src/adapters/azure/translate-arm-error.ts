import { isRestError, type RestError } from "@azure/core-rest-pipeline";

import { isAjarError } from "../../domain/errors.js";
import { AzureCloudError } from "./azure-cloud-error.js";

/** Socket-level failures: the request may or may not have reached ARM; retrying is the only move. */
const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "REQUEST_SEND_ERROR",
  "UND_ERR_SOCKET",
]);

/** ARM codes that mean "try again in a moment" whatever the HTTP status they came with. */
const RETRYABLE_ARM_CODES =
  /^(RetryableError.*|AnotherOperationInProgress|InternalServerError|ServiceUnavailable|GatewayTimeout|OperationTimedOut|TooManyRequests|SubscriptionRequestsThrottled|ResourceGroupRequestsThrottled|Canceled)$/i;

const LRO_FAILURE = /^The long-running operation has failed\. ([^.]*)\. ([\s\S]*)$/;

/** Retry-After as seconds or an HTTP date; retry-after-ms variants in milliseconds. */
function retryAfterMsOf(error: RestError): number | undefined {
  const headers = error.response?.headers;
  if (!headers) return undefined;
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const ms = Number(headers.get(name));
    if (headers.get(name) !== undefined && Number.isFinite(ms)) return ms;
  }
  const value = headers.get("retry-after");
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

const what = (context: string | undefined): string => context ?? "the Azure request";

function fromRestError(error: RestError, context: string | undefined): AzureCloudError {
  const status = error.statusCode;
  const armCode = error.code;
  const detail = `${armCode ?? `HTTP ${status ?? "error"}`}: ${error.message.replace(/\.+$/, "")}`;
  const base = {
    cause: error,
    ...(armCode ? { armCode } : {}),
    ...(status !== undefined ? { statusCode: status } : {}),
  };
  const retryAfterMs = retryAfterMsOf(error);
  const transient = (message: string) =>
    new AzureCloudError("CLOUD.TRANSIENT", message, {
      ...base,
      retryable: true,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });

  // The resource changed since it was read (If-Match), or an admin took the priority meanwhile: read
  // again and plan again, which is not a failure of the grant.
  if (status === 412 || (status === 400 && /^SecurityRuleConflict$/i.test(armCode ?? ""))) {
    return new AzureCloudError(
      "CLOUD.STALE",
      `The NSG changed while ajar was writing ${what(context)} (${detail}); ajar reads it again.`,
      { ...base, retryable: true },
    );
  }
  if (status === undefined) {
    return transient(
      `Azure could not be reached for ${what(context)} (${armCode ?? "network error"}: ${error.message}); ajar will retry.`,
    );
  }
  if (
    status === 429 ||
    status === 408 ||
    status >= 500 ||
    (status === 409 && RETRYABLE_ARM_CODES.test(armCode ?? ""))
  ) {
    return transient(`Azure is busy with ${what(context)} (${detail}); ajar will retry.`);
  }
  if (status === 404)
    return new AzureCloudError("CLOUD.NOT_FOUND", `Azure could not find ${what(context)} (${detail}).`, base);
  const hint =
    status === 401
      ? " Check the credentials ajar uses for Azure."
      : status === 403
        ? " The bot identity lacks a role assignment for this; ask an Azure administrator."
        : "";
  return new AzureCloudError("CLOUD.REJECTED", `Azure rejected ${what(context)}: ${detail}.${hint}`, base);
}

/**
 * The one place ARM failures become domain errors. RestErrors (HTTP and socket failures) and the plain
 * Errors core-lro throws for failed operations map to CLOUD.TRANSIENT (retryable), CLOUD.REJECTED or
 * CLOUD.NOT_FOUND. Aborts and programming errors pass through untouched.
 */
export function translateArmError(error: unknown, context?: string): Error {
  if (isAjarError(error)) return error;
  if (error instanceof Error && (error.name === "AbortError" || error.message === "Operation was canceled"))
    return error;
  if (isRestError(error)) return fromRestError(error, context);
  if (error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError) return error;
  if (error instanceof Error) {
    const lro = LRO_FAILURE.exec(error.message);
    if (lro) {
      const [, armCode = "", message = ""] = lro;
      const detail = `${armCode}: ${message.replace(/\.+$/, "")}`;
      if (/CanceledAndSuperseded/i.test(message) || /^Canceled$/i.test(armCode)) {
        return new AzureCloudError(
          "CLOUD.STALE",
          `Azure superseded ${what(context)} with a later change (${detail}); ajar reads it again.`,
          { cause: error, retryable: true, armCode },
        );
      }
      return RETRYABLE_ARM_CODES.test(armCode)
        ? new AzureCloudError(
            "CLOUD.TRANSIENT",
            `Azure could not complete ${what(context)} (${detail}); ajar will retry.`,
            { cause: error, retryable: true, armCode },
          )
        : new AzureCloudError("CLOUD.REJECTED", `Azure failed ${what(context)}: ${detail}.`, { cause: error, armCode });
    }
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && NETWORK_CODES.has(code)) {
      return new AzureCloudError(
        "CLOUD.TRANSIENT",
        `Azure could not be reached for ${what(context)} (${code}); ajar will retry.`,
        { cause: error, retryable: true },
      );
    }
    return new AzureCloudError(
      "CLOUD.TRANSIENT",
      `Azure failed unexpectedly for ${what(context)} (${error.message}); ajar will retry.`,
      { cause: error, retryable: true },
    );
  }
  return new AzureCloudError("CLOUD.TRANSIENT", `Azure failed unexpectedly for ${what(context)}; ajar will retry.`, {
    cause: error,
    retryable: true,
  });
}
