import { createHttpHeaders, createPipelineRequest, RestError, type PipelineResponse } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";

import { AzureCloudError } from "../../../src/adapters/azure/azure-cloud-error.js";
import { translateArmError } from "../../../src/adapters/azure/translate-arm-error.js";
import { AjarError } from "../../../src/domain/errors.js";

function restError(
  statusCode: number | undefined,
  code: string | undefined,
  message: string,
  headers: Record<string, string> = {},
): RestError {
  const request = createPipelineRequest({ url: "https://management.azure.com/x" });
  const response: PipelineResponse | undefined =
    statusCode === undefined ? undefined : { request, status: statusCode, headers: createHttpHeaders(headers) };
  return new RestError(message, {
    ...(statusCode === undefined ? {} : { statusCode }),
    ...(code ? { code } : {}),
    request,
    ...(response ? { response } : {}),
  });
}

const translated = (error: unknown, context?: string) => translateArmError(error, context) as AzureCloudError;

describe("translateArmError", () => {
  it.each([
    [429, "SubscriptionRequestsThrottled"],
    [429, "RetryableError"],
    [409, "AnotherOperationInProgress"],
    [409, "RetryableErrorDueToAnotherOperation"],
    [500, "InternalServerError"],
    [503, "ServiceUnavailable"],
    [504, undefined],
  ])("%i %s is CLOUD.TRANSIENT and retryable", (status, code) => {
    const error = translated(restError(status, code, "try later"));
    expect(error).toBeInstanceOf(AzureCloudError);
    expect(error).toBeInstanceOf(AjarError);
    expect(error).toMatchObject({ code: "CLOUD.TRANSIENT", retryable: true, statusCode: status });
  });

  it.each(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "REQUEST_SEND_ERROR"])(
    "socket error %s is CLOUD.TRANSIENT",
    (code) => {
      expect(translated(restError(undefined, code, "socket hang up"))).toMatchObject({
        code: "CLOUD.TRANSIENT",
        retryable: true,
      });
    },
  );

  it("keeps Retry-After in seconds, milliseconds headers, or as a date", () => {
    expect(translated(restError(429, "RetryableError", "busy", { "retry-after": "9" })).retryAfterMs).toBe(9000);
    expect(translated(restError(429, "RetryableError", "busy", { "retry-after-ms": "250" })).retryAfterMs).toBe(250);
    const date = new Date(Date.now() + 5000).toUTCString();
    const fromDate = translated(restError(503, undefined, "busy", { "retry-after": date })).retryAfterMs ?? 0;
    expect(fromDate).toBeGreaterThan(3000);
    expect(fromDate).toBeLessThanOrEqual(5000);
    expect(translated(restError(500, "InternalServerError", "x")).retryAfterMs).toBeUndefined();
  });

  it("400 is CLOUD.REJECTED with ARM's code and message for the user", () => {
    const error = translated(
      restError(400, "SecurityRuleParameterContainsUnsupportedValue", "Value * is not allowed."),
      "writing rule a in NSG n",
    );
    expect(error).toMatchObject({
      code: "CLOUD.REJECTED",
      retryable: false,
      armCode: "SecurityRuleParameterContainsUnsupportedValue",
      statusCode: 400,
    });
    expect(error.userMessage).toBe(
      "Azure rejected writing rule a in NSG n: SecurityRuleParameterContainsUnsupportedValue: Value * is not allowed.",
    );
  });

  it("a priority an administrator just took, a stale etag and a superseded operation are CLOUD.STALE: read again and re-plan", () => {
    expect(translated(restError(400, "SecurityRuleConflict", "Security rule a conflicts with rule b."))).toMatchObject({
      code: "CLOUD.STALE",
      retryable: true,
    });
    expect(translated(restError(412, "PreconditionFailed", "The etag does not match."))).toMatchObject({
      code: "CLOUD.STALE",
      retryable: true,
      statusCode: 412,
    });
    expect(
      translated(
        new Error(
          "The long-running operation has failed. Canceled. Operation PutNetworkSecurityGroupOperation was CanceledAndSupersededDueToAnotherOperation.",
        ),
      ),
    ).toMatchObject({ code: "CLOUD.STALE" });
  });

  it("403 is CLOUD.REJECTED and says what to fix", () => {
    const error = translated(restError(403, "AuthorizationFailed", "The client does not have authorization."));
    expect(error).toMatchObject({ code: "CLOUD.REJECTED", retryable: false });
    expect(error.userMessage).toMatch(/lacks a role assignment/);
  });

  it("a plain 409 conflict that is not about a running operation is CLOUD.REJECTED", () => {
    expect(translated(restError(409, "InUseNetworkSecurityGroupCannotBeDeleted", "in use"))).toMatchObject({
      code: "CLOUD.REJECTED",
      retryable: false,
    });
  });

  it("404 is CLOUD.NOT_FOUND", () => {
    expect(translated(restError(404, "ResourceNotFound", "gone"))).toMatchObject({
      code: "CLOUD.NOT_FOUND",
      retryable: false,
      armCode: "ResourceNotFound",
    });
  });

  it("reads core-lro's failure message for failed operations", () => {
    const transient = translated(
      new Error("The long-running operation has failed. InternalServerError. An error occurred."),
    );
    expect(transient).toMatchObject({ code: "CLOUD.TRANSIENT", retryable: true, armCode: "InternalServerError" });
    const rejected = translated(
      new Error("The long-running operation has failed. SecurityRuleInvalidPortRange. Bad port."),
    );
    expect(rejected).toMatchObject({
      code: "CLOUD.REJECTED",
      retryable: false,
      armCode: "SecurityRuleInvalidPortRange",
    });
    expect(rejected.userMessage).toBe("Azure failed the Azure request: SecurityRuleInvalidPortRange: Bad port.");
  });

  it("passes aborts, AjarErrors and programming errors through untouched", () => {
    const abort = new Error("aborted");
    abort.name = "AbortError";
    expect(translateArmError(abort)).toBe(abort);
    const ajar = new AjarError("INPUT.INVALID", "nope");
    expect(translateArmError(ajar)).toBe(ajar);
    const bug = new TypeError("x is undefined");
    expect(translateArmError(bug)).toBe(bug);
  });

  it("keeps the original error as cause", () => {
    const original = restError(500, "InternalServerError", "x");
    expect(translated(original).cause).toBe(original);
  });
});
