import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createPipelineFromOptions,
  createPipelineRequest,
  RestError,
  type HttpClient,
  type Pipeline,
  type PipelineRetryOptions,
} from "@azure/core-rest-pipeline";
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";

import { AjarError } from "../../domain/errors.js";
import { isLoopbackUrl } from "../azure/loopback.js";
import { responseJson } from "../azure/response-json.js";
import { staticTokenCredential, staticTokenPolicy } from "../azure/static-token.js";

export const DEFAULT_GRAPH_ENDPOINT = "https://graph.microsoft.com";

export interface GraphClientOptions {
  /** AZURE_GRAPH_ENDPOINT: sovereign clouds (https://graph.microsoft.us, …) and the local simulator. */
  endpoint?: string;
  /** AZURE_GRAPH_TOKEN: a fixed token; over http only to loopback. */
  staticToken?: string;
  /** Shared with ARM when given; DefaultAzureCredential otherwise. */
  credential?: TokenCredential;
  /** The pipeline's retry policy: 429/503 wait for Retry-After, network errors back off. */
  retryOptions?: PipelineRetryOptions;
}

const configError = (message: string): AjarError => new AjarError("CONFIG.INVALID", message);

/**
 * Microsoft Graph v1.0 through @azure/core-rest-pipeline, which the Azure SDK clients already bring:
 * the same credential, retry and throttling policies, and no Graph SDK for the five reads ajar needs.
 */
export class GraphClient {
  readonly endpoint: string;
  private readonly origin: string;
  private readonly pipeline: Pipeline;
  private readonly http: HttpClient = createDefaultHttpClient();

  constructor(options: GraphClientOptions = {}) {
    this.endpoint = (options.endpoint ?? DEFAULT_GRAPH_ENDPOINT).replace(/\/+$/, "");
    let url: URL;
    try {
      url = new URL(this.endpoint);
    } catch {
      throw configError(`AZURE_GRAPH_ENDPOINT '${this.endpoint}' is not a URL.`);
    }
    this.origin = url.origin;
    if (options.staticToken !== undefined && options.staticToken.trim() === "")
      throw configError("AZURE_GRAPH_TOKEN is set but empty.");
    this.pipeline = createPipelineFromOptions({
      retryOptions: { maxRetries: 3, retryDelayInMs: 500, maxRetryDelayInMs: 4000, ...options.retryOptions },
      userAgentOptions: { userAgentPrefix: "ajar" },
      // Graph does not redirect these reads; following one could carry the token elsewhere.
      redirectOptions: { maxRetries: 0 },
    });
    if (url.protocol === "http:") {
      if (!isLoopbackUrl(url)) {
        throw configError(
          `AZURE_GRAPH_ENDPOINT '${this.endpoint}' is plain http on a non-loopback host: ajar refuses to send a token there. Use https.`,
        );
      }
      if (options.staticToken === undefined)
        throw configError(
          `AZURE_GRAPH_ENDPOINT '${this.endpoint}' is plain http: set AZURE_GRAPH_TOKEN (credential tokens go over https only).`,
        );
      this.pipeline.addPolicy(staticTokenPolicy(options.staticToken, this.endpoint), { phase: "Sign" });
    } else if (url.protocol === "https:") {
      const credential =
        options.staticToken !== undefined
          ? staticTokenCredential(options.staticToken)
          : (options.credential ?? new DefaultAzureCredential());
      this.pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: `${this.origin}/.default` }), {
        phase: "Sign",
      });
    } else {
      throw configError(`AZURE_GRAPH_ENDPOINT must be an https URL, got '${this.endpoint}'.`);
    }
  }

  /** GET `/v1.0{path}`; `advanced` adds ConsistencyLevel: eventual (needed for $count and type casts). */
  async get(
    path: string,
    options: { advanced?: boolean; signal?: AbortSignal } = {},
  ): Promise<Record<string, unknown>> {
    return this.getUrl(`${this.endpoint}/v1.0${path}`, options);
  }

  /** Every item of a collection, following @odata.nextLink (only within the Graph endpoint). */
  async getAll(
    path: string,
    options: { advanced?: boolean; signal?: AbortSignal } = {},
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let url: string | undefined = `${this.endpoint}/v1.0${path}`;
    while (url) {
      const page = await this.getUrl(url, options);
      items.push(...((page.value as Record<string, unknown>[] | undefined) ?? []));
      url = page["@odata.nextLink"] as string | undefined;
    }
    return items;
  }

  private async getUrl(
    url: string,
    options: { advanced?: boolean; signal?: AbortSignal },
  ): Promise<Record<string, unknown>> {
    // A nextLink to another host would carry our token there.
    if (new URL(url).origin !== this.origin) throw new Error(`Refusing to follow a Graph link outside ${this.origin}`);
    const request = createPipelineRequest({
      url,
      method: "GET",
      ...(options.signal ? { abortSignal: options.signal } : {}),
    });
    request.headers.set("Accept", "application/json");
    if (options.advanced) request.headers.set("ConsistencyLevel", "eventual");
    const response = await this.pipeline.sendRequest(this.http, request);
    const body = responseJson(response);
    if (response.status >= 200 && response.status < 300) return (body ?? {}) as Record<string, unknown>;
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new RestError(error?.message ?? `Microsoft Graph answered ${response.status}`, {
      statusCode: response.status,
      ...(error?.code ? { code: error.code } : {}),
      request: response.request,
      response,
    });
  }
}
