import { createAzurePorts, type AzurePorts } from "../adapters/azure/create-azure-ports.js";
import type { Settings } from "../app/settings.js";
import { readEnv } from "../config/env-config.js";
import { loadConfigFile } from "../config/load-config.js";

/** Config plus the Azure ports only: for read-only commands that need neither Redis nor Slack. */
export function openAzure(rawEnv: NodeJS.ProcessEnv): { settings: Settings; azure: AzurePorts } {
  const env = readEnv(rawEnv);
  const settings = loadConfigFile(env.AJAR_CONFIG);
  const azure = createAzurePorts({
    endpoint: env.AZURE_ARM_ENDPOINT,
    ...(env.AZURE_ARM_TOKEN ? { staticToken: env.AZURE_ARM_TOKEN } : {}),
    pollIntervalMs: settings.armPollIntervalMs,
  });
  return { settings, azure };
}
