import { createEntraDirectory } from "../adapters/graph/create-entra-directory.js";
import type { GraphEntraDirectory } from "../adapters/graph/graph-entra-directory.js";
import type { Settings } from "../app/settings.js";
import type { EnvConfig } from "../config/env-config.js";

/** The Entra ID port for the configured Graph endpoint and credential; undefined when the configuration does not read Entra ID. */
export function entraFromEnv(env: EnvConfig, settings: Settings): GraphEntraDirectory | undefined {
  if (!settings.entra) return undefined;
  return createEntraDirectory({
    endpoint: env.AZURE_GRAPH_ENDPOINT,
    ...(env.AZURE_GRAPH_TOKEN ? { staticToken: env.AZURE_GRAPH_TOKEN } : {}),
    cacheTtlSeconds: settings.entra.cacheTtlSeconds,
  }).entra;
}
