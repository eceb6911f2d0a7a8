import type { PipelinePolicy } from "@azure/core-rest-pipeline";

export const CONDITIONAL_WRITE_POLICY_NAME = "ajarConditionalWritePolicy";

/**
 * The SDK's long-running-operation poller re-sends the operation's custom headers on every poll and
 * on the final GET of the resource. An If-Match meant for the write would then be checked against an
 * etag the write itself just changed; this policy keeps conditional headers on writes only.
 */
export const conditionalWritePolicy: PipelinePolicy = {
  name: CONDITIONAL_WRITE_POLICY_NAME,
  async sendRequest(request, next) {
    if (request.method === "GET" || request.method === "HEAD") {
      request.headers.delete("If-Match");
      request.headers.delete("If-None-Match");
    }
    return next(request);
  },
};
