import type { AzurePorts } from "../adapters/azure/create-azure-ports.js";
import type { Settings } from "../app/settings.js";
import { readEnv } from "../config/env-config.js";
import { loadConfigFile } from "../config/load-config.js";
import { azureFromEnv } from "../runtime/azure-from-env.js";

/** Config plus the Azure ports only: for read-only commands that need neither Redis nor Slack. */
export function openAzure(rawEnv: NodeJS.ProcessEnv): { settings: Settings; azure: AzurePorts } {
  const env = readEnv(rawEnv);
  const settings = loadConfigFile(env.AJAR_CONFIG);
  return { settings, azure: azureFromEnv(env, settings) };
}
