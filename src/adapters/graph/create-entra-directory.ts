import type { PipelineRetryOptions } from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/identity";

import { GraphClient } from "./graph-client.js";
import { GraphEntraDirectory } from "./graph-entra-directory.js";

export interface EntraDirectoryOptions {
  /** AZURE_GRAPH_ENDPOINT; default https://graph.microsoft.com. */
  endpoint?: string;
  /** AZURE_GRAPH_TOKEN; over http only to loopback (the simulator). */
  staticToken?: string;
  credential?: TokenCredential;
  retryOptions?: PipelineRetryOptions;
  /** entra.cacheTtl. */
  cacheTtlSeconds: number;
  now?: () => number;
}

/** Entra ID over Microsoft Graph: the client, its auth, and the cached directory port. */
export function createEntraDirectory(options: EntraDirectoryOptions): {
  graph: GraphClient;
  entra: GraphEntraDirectory;
} {
  const graph = new GraphClient({
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.staticToken !== undefined ? { staticToken: options.staticToken } : {}),
    ...(options.credential ? { credential: options.credential } : {}),
    ...(options.retryOptions ? { retryOptions: options.retryOptions } : {}),
  });
  return { graph, entra: new GraphEntraDirectory(graph, options.cacheTtlSeconds * 1000, options.now) };
}
