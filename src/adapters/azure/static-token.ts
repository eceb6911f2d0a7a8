import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/identity";

import { isLoopbackUrl } from "./loopback.js";

/** A fixed token (AZURE_ARM_TOKEN) as a credential, for https endpoints where the SDK's bearer policy applies. */
export function staticTokenCredential(token: string): TokenCredential {
  return {
    getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 60 * 60 * 1000 }),
  };
}

/**
 * Replaces the SDK's bearer policy for a plain-http loopback endpoint (the local simulator), which the
 * bearer policy refuses outright. The token only goes to the configured origin — never to a host a
 * polling URL or nextLink points at — and http is allowed only for loopback addresses.
 */
export function staticTokenPolicy(token: string, endpoint: string): PipelinePolicy {
  const origin = new URL(endpoint).origin;
  return {
    name: "ajarStaticTokenPolicy",
    async sendRequest(request, next) {
      const url = new URL(request.url);
      if (url.protocol === "http:" && isLoopbackUrl(url)) request.allowInsecureConnection = true;
      if (url.origin === origin) request.headers.set("Authorization", `Bearer ${token}`);
      return next(request);
    },
  };
}
