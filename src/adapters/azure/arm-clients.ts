import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { NetworkManagementClient } from "@azure/arm-network";
import { bearerTokenAuthenticationPolicyName, type PipelineRetryOptions } from "@azure/core-rest-pipeline";
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";

import { AjarError } from "../../domain/errors.js";
import { isLoopbackUrl } from "./loopback.js";
import { staticTokenCredential, staticTokenPolicy } from "./static-token.js";
import { VmReader } from "./vm-reader.js";

export const DEFAULT_ARM_ENDPOINT = "https://management.azure.com";

export interface ArmClientOptions {
  subscriptionId: string;
  /** ARM endpoint (AZURE_ARM_ENDPOINT); sovereign clouds and the local simulator. */
  endpoint?: string;
  /** Fixed bearer token (AZURE_ARM_TOKEN) instead of DefaultAzureCredential. */
  staticToken?: string;
  /** Credential to use when no static token is given; DefaultAzureCredential otherwise. */
  credential?: TokenCredential;
  /** The SDK's retry policy: 429/503 honour Retry-After, 5xx and socket errors back off exponentially. */
  retryOptions?: PipelineRetryOptions;
}

export interface ArmClients {
  subscriptionId: string;
  endpoint: string;
  network: NetworkManagementClient;
  authorization: AuthorizationManagementClient;
  /** VM reads; there is no Compute SDK in this project (see vm-reader.ts). */
  compute: VmReader;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const configError = (message: string): AjarError => new AjarError("CONFIG.INVALID", message);

/** Validates the endpoint and decides how requests get their token. */
function authPlan(options: ArmClientOptions): {
  endpoint: string;
  mode: "static-loopback" | "credential";
  credential?: TokenCredential;
} {
  const endpoint = (options.endpoint ?? DEFAULT_ARM_ENDPOINT).replace(/\/+$/, "");
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw configError(`AZURE_ARM_ENDPOINT '${endpoint}' is not a URL.`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw configError(`AZURE_ARM_ENDPOINT must be an https URL, got '${endpoint}'.`);
  if (options.staticToken !== undefined && options.staticToken.trim() === "")
    throw configError("AZURE_ARM_TOKEN is set but empty.");
  if (url.protocol === "http:") {
    if (!isLoopbackUrl(url)) {
      throw configError(
        `AZURE_ARM_ENDPOINT '${endpoint}' is plain http on a non-loopback host: ajar refuses to send a token (AZURE_ARM_TOKEN or any credential) there. Use https, or http only to 127.0.0.1/::1/localhost (the local simulator).`,
      );
    }
    if (options.staticToken === undefined) {
      throw configError(
        `AZURE_ARM_ENDPOINT '${endpoint}' is plain http: set AZURE_ARM_TOKEN (the Azure SDK sends credential tokens over https only).`,
      );
    }
    return { endpoint, mode: "static-loopback" };
  }
  const credential =
    options.staticToken !== undefined
      ? staticTokenCredential(options.staticToken)
      : (options.credential ?? new DefaultAzureCredential());
  return { endpoint, mode: "credential", credential };
}

/** Creates the SDK clients for one subscription (the SDK binds clients to a subscription). */
export function createArmClients(options: ArmClientOptions): ArmClients {
  if (!GUID.test(options.subscriptionId))
    throw configError(`'${options.subscriptionId}' is not a subscription id (a GUID).`);
  const plan = authPlan(options);
  // Sovereign clouds: the token audience is the ARM endpoint itself.
  const clientOptions = {
    endpoint: plan.endpoint,
    credentialScopes: [`${plan.endpoint}/.default`],
    ...(options.retryOptions ? { retryOptions: options.retryOptions } : {}),
  };
  const credential = plan.credential ?? staticTokenCredential(options.staticToken as string);
  const network = new NetworkManagementClient(credential, options.subscriptionId, clientOptions);
  const authorization = new AuthorizationManagementClient(credential, options.subscriptionId, clientOptions);
  if (plan.mode === "static-loopback") {
    for (const client of [network, authorization]) {
      client.pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
      client.pipeline.addPolicy(staticTokenPolicy(options.staticToken as string, plan.endpoint), { phase: "Sign" });
    }
  }
  return {
    subscriptionId: options.subscriptionId,
    endpoint: plan.endpoint,
    network,
    authorization,
    compute: new VmReader(network, plan.endpoint),
  };
}

/**
 * One set of clients per subscription, created on first use and kept: clients hold connection pools
 * and token caches that are worth reusing. The credential is shared by all subscriptions.
 */
export class ArmClientCache {
  private readonly clients = new Map<string, ArmClients>();
  private readonly base: Omit<ArmClientOptions, "subscriptionId">;

  constructor(base: Omit<ArmClientOptions, "subscriptionId">) {
    // Fail at startup, not on the first request, when the endpoint/token combination is unsafe.
    authPlan({ ...base, credential: base.credential ?? staticTokenCredential("validation-only"), subscriptionId: "" });
    const needsDefault = base.staticToken === undefined && base.credential === undefined;
    this.base = needsDefault ? { ...base, credential: new DefaultAzureCredential() } : base;
  }

  forSubscription(subscriptionId: string): ArmClients {
    const key = subscriptionId.toLowerCase();
    let clients = this.clients.get(key);
    if (!clients) {
      clients = createArmClients({ ...this.base, subscriptionId });
      this.clients.set(key, clients);
    }
    return clients;
  }
}
